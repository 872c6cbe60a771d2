// A file's bytes as the text regions are measured in, the way VS Code reads them: UTF-8, or UTF-16 after a byte order
// mark (without the mark, as in VS Code's document); binary content one character per byte, so that the same lines are
// found and a review's hash covers exactly the bytes that were reviewed.

/** git's own test for binary content: a NUL byte in the first 8000 bytes. VS Code refuses to open such files as text. */
const BINARY_PROBE_BYTES = 8000;

export function isBinaryContent(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);
}

/**
 * Decoded as UTF-8, every byte of a binary that is not UTF-8 would read as U+FFFD, and a review would still cover it
 * after any such byte changed. Latin-1 maps each byte to its own character; line breaks are the same bytes either way.
 */
export function decodeFileText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  return bytes.toString(isBinaryContent(bytes) ? 'latin1' : 'utf8');
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  swapped.swap16();
  return swapped.toString('utf16le');
}
