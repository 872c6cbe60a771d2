// Where VS Code moves a whole-line decoration after an edit, when that is certain: lets the client skip re-setting
// decorations that VS Code has already moved with the text (typing a line above 500 regions moves all of them).

/** A decoration range as whole lines, [first, last] (VS Code's (first,0)-(last,0)); null when where it is is unsure. */
export type Lines = [number, number] | null;

/** One change, in the document before it: the range it replaced and how many line breaks its text has. */
export interface LineChange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  addedLines: number;
}

/**
 * A change within one line that adds no line (typing, even inside the decoration) moves no line; one wholly on lines
 * above moves the decoration by the lines it added or removed; one starting after its end leaves it; anything else
 * (a line break typed inside it or at its first line's start, where VS Code's range grows) is unsure.
 */
export function moveLines(lines: Lines, change: LineChange): Lines {
  if (!lines) return null;
  if (change.startLine === change.endLine && change.addedLines === 0) return lines;
  const [first, last] = lines;
  if (change.endLine < first) {
    const delta = change.addedLines - (change.endLine - change.startLine);
    return [first + delta, last + delta];
  }
  if (change.startLine > last || (change.startLine === last && change.startCharacter > 0)) return lines;
  return null;
}
