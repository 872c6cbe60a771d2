// Lines of a committed file as notes see them: split like VS Code, and hashed for matching by content after a squash.
import { createHash } from 'node:crypto';

/** The lines of a text without their terminators (`\r\n`, `\n` and a lone `\r` end a line). */
export function textLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Hash of one line for matching by content: surrounding whitespace ignored, so a re-indent still matches. */
export function lineHash(line: string): string {
  return createHash('sha256').update(line.trim()).digest('hex').slice(0, 12);
}

/** The `lineHashes` of a region: one per line of the file in its line range (1-based, inclusive). */
export function regionLineHashes(lines: readonly string[], startLine: number, endLine: number): string[] {
  return lines.slice(startLine - 1, endLine).map(lineHash);
}
