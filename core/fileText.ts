// A file's bytes as the text regions are measured in: UTF-8 as VS Code opens it, and binary content one character
// per byte, so that the same lines are found and a review's hash covers exactly the bytes that were reviewed.

/** git's own test for binary content: a NUL byte in the first 8000 bytes. VS Code refuses to open such files as text. */
const BINARY_PROBE_BYTES = 8000;

export function isBinaryContent(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);
}

/**
 * Decoded as UTF-8 every byte that is not UTF-8 would read as U+FFFD, and a review of a binary would still cover it
 * after any such byte changed. Latin-1 maps each byte to its own character; line breaks are the same bytes either way.
 */
export function decodeFileText(bytes: Buffer): string {
  return bytes.toString(isBinaryContent(bytes) ? 'latin1' : 'utf8');
}
