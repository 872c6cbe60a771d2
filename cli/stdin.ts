// Reads the CLI's standard input whole: the rewritten-commit list git gives post-rewrite, an agent's hook event.
/** All of stdin as UTF-8; undefined when it is longer than `maxBytes` (the rest is still read, see below). */
export function readStdin(maxBytes = Infinity): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped: closing stdin early would fail the writer's write (EPIPE).
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    process.stdin.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}
