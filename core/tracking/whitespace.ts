// Whitespace rules shared by the server, the CLI and the gate: which whitespace a review covers (per file extension),
// and how labels move through an edit that only changed whitespace (a formatter, a re-indent, trailing spaces).

/**
 * How much of a file's whitespace can change meaning, decided by its extension alone: the CLI and the gate have no
 * language id, and the server must hash exactly as they do.
 * - `code`: whitespace is insignificant except inside string literals, between two word characters (`return x`),
 *   and between two operator characters (`a - -b`, `/ *`). Formatters of these languages only move the rest.
 * - `indent`: as `code`, plus each line's indentation and the line breaks between non-blank lines (Python & co.).
 * - `text`: only line endings, trailing whitespace and blank lines are insignificant. The default, because in shell
 *   scripts, YAML, Makefiles and unknown files a space can change what runs (`rm -rf / tmp`).
 */
export type WhitespaceMode = 'code' | 'indent' | 'text';

const CODE_EXTENSIONS = new Set([
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'json', 'jsonc', 'json5', 'java', 'kt', 'kts', 'scala', 'groovy',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx', 'cs', 'go', 'rs', 'swift', 'm', 'mm', 'php', 'dart', 'css', 'scss',
  'less', 'sql', 'tf', 'tfvars', 'hcl', 'proto', 'graphql', 'gql', 'html', 'htm', 'xml', 'vue', 'svelte', 'sol', 'zig',
  'lua', 'r',
]);
const INDENT_EXTENSIONS = new Set([
  'py', 'pyi', 'pyw', 'pyx', 'coffee', 'nim', 'nims', 'fs', 'fsi', 'fsx', 'hs', 'elm', 'pug', 'jade', 'haml', 'sass', 'styl',
  'slim', 'gd',
]);

export function whitespaceModeOf(path: string): WhitespaceMode {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'text';
  const ext = base.slice(dot + 1).toLowerCase();
  if (CODE_EXTENSIONS.has(ext)) return 'code';
  if (INDENT_EXTENSIONS.has(ext)) return 'indent';
  return 'text';
}

/** ASCII whitespace only: a no-break or other Unicode space is kept as a character that matters. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

const isBreak = (c: number): boolean => c === 10 || c === 13;
const isWord = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
const OPERATORS = '+-*/%<>=!&|^~:.?@#';
const isOperator = (c: number): boolean => c < 128 && OPERATORS.includes(String.fromCharCode(c));

/** Whether a and b hold the same non-whitespace characters in the same order. Stops at the first difference. */
export function equalIgnoringWhitespace(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSpaceCode(a.charCodeAt(i))) i++;
    while (j < b.length && isSpaceCode(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

/**
 * End (exclusive) of a string literal opening at `start`: quotes close on the same line, backticks anywhere. When
 * there is none, -1 - (where the search stopped): a later quote of the same kind before that point cannot close either,
 * which keeps a text full of apostrophes linear.
 */
function literalEnd(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let k = start + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 92) k++;
    else if (c === quote) return k + 1;
    else if (quote !== 96 && isBreak(c)) return -1 - k;
  }
  return -1 - text.length;
}

/**
 * The text a review's hash covers: `text` with its insignificant whitespace (for `mode`) removed or canonicalised.
 * Two texts that differ only in insignificant whitespace give the same result; any other difference shows.
 */
export function normalizeWhitespace(text: string, mode: WhitespaceMode): string {
  if (mode === 'text') return text.split(/\r\n?|\n/).map(trimLineEnd).filter((l) => l !== '').join('\n');
  let out = '';
  let pendingBreak = false;
  let pendingSpace = false;
  let lineStart = true;
  const unclosedUntil = new Map<number, number>();
  for (let k = 0; k < text.length; ) {
    const c = text.charCodeAt(k);
    if (isSpaceCode(c)) {
      if (isBreak(c)) {
        pendingBreak = true;
        lineStart = true;
      }
      pendingSpace = true;
      k++;
      continue;
    }
    if (mode === 'indent' && lineStart) {
      // Indentation is kept verbatim (tabs and spaces are not the same to Python); blank lines and trailing spaces are not.
      let indentStart = k;
      while (indentStart > 0 && (text.charCodeAt(indentStart - 1) === 32 || text.charCodeAt(indentStart - 1) === 9)) indentStart--;
      out += (out === '' ? '' : '\n') + text.slice(indentStart, k);
    } else if (pendingSpace && out !== '') {
      const p = out.charCodeAt(out.length - 1);
      if ((isWord(p) && isWord(c)) || (isOperator(p) && isOperator(c))) out += pendingBreak ? '\n' : ' ';
    }
    pendingSpace = pendingBreak = lineStart = false;
    if ((c === 34 || c === 39 || c === 96) && k >= (unclosedUntil.get(c) ?? 0)) {
      const end = literalEnd(text, k);
      if (end > 0) {
        out += text.slice(k, end).replace(/\r\n?/g, '\n');
        k = end;
        continue;
      }
      unclosedUntil.set(c, -1 - end);
    }
    out += text[k];
    k++;
  }
  return out;
}

/** A line without its trailing whitespace (a loop: a regular expression backtracks quadratically on long space runs). */
function trimLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && isSpaceCode(line.charCodeAt(end - 1))) end--;
  return line.slice(0, end);
}

/**
 * Labels for `newText`, which replaced `oldText` and equals it ignoring whitespace (equalIgnoringWhitespace). Each
 * non-whitespace character keeps the label of its counterpart (the k-th one of the old text). A whitespace run takes
 * its neighbours' label when they agree; between two labels each side keeps at most the line breaks it had there, so
 * a region neither grows onto another line nor is cut. `before` and `after` label the characters just outside.
 */
export function mapWhitespaceLabels(
  oldText: string,
  oldLabels: ArrayLike<number>,
  newText: string,
  before: number,
  after: number,
): Int32Array {
  const labels = new Int32Array(newText.length);
  let i = 0;
  let j = 0;
  let left = before;
  for (;;) {
    const oi = i;
    const nj = j;
    while (i < oldText.length && isSpaceCode(oldText.charCodeAt(i))) i++;
    while (j < newText.length && isSpaceCode(newText.charCodeAt(j))) j++;
    const right = i < oldText.length ? oldLabels[i] : after;
    fillRun(oldText, oldLabels, oi, i, newText, labels, nj, j, left, right);
    if (i >= oldText.length || j >= newText.length) return labels;
    labels[j] = oldLabels[i];
    left = oldLabels[i];
    i++;
    j++;
  }
}

function fillRun(
  oldText: string,
  oldLabels: ArrayLike<number>,
  os: number,
  oe: number,
  newText: string,
  labels: Int32Array,
  ns: number,
  ne: number,
  left: number,
  right: number,
): void {
  if (ns === ne) return;
  if (left === right) {
    labels.fill(left, ns, ne);
    return;
  }
  // Whitespace added where there was none, between two different labels, belongs to neither.
  if (os === oe) return;
  // The old run: a part labelled like its left neighbour, a part labelled like its right one, maybe something between.
  let p = os;
  while (p < oe && oldLabels[p] === left) p++;
  let q = oe;
  while (q > p && oldLabels[q - 1] === right) q--;
  const breaks = breakPositions(newText, ns, ne);
  const n = breaks.length / 2;
  if (n === 0) {
    // All on one line: no line can be gained or lost, split as the old run was.
    const split = p === os ? ns : q === oe ? ne : Math.min(ns + (p - os), ne);
    labels.fill(left, ns, split);
    if (q < oe) labels.fill(right, split, ne);
    return;
  }
  // Each side keeps at most as many line breaks as it had, so neither grows onto another line; what is left over
  // (a line break a formatter added) is nobody's.
  let leftBreaks = 0;
  if (p > os) {
    leftBreaks = Math.min(countBreaks(oldText, os, p), n);
    labels.fill(left, ns, leftBreaks === 0 ? breaks[0] : breaks[2 * leftBreaks - 1]);
  }
  if (q < oe) {
    const rightBreaks = Math.min(countBreaks(oldText, q, oe), n - leftBreaks);
    labels.fill(right, rightBreaks === 0 ? breaks[2 * n - 1] : breaks[2 * (n - rightBreaks)], ne);
  }
}

/** Start and end of each line break in text[from, end), flattened: [start0, end0, start1, end1, …]. */
function breakPositions(text: string, from: number, end: number): number[] {
  const out: number[] = [];
  for (let k = from; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) out.push(k, k + 1);
    else if (c === 13) {
      const crlf = k + 1 < end && text.charCodeAt(k + 1) === 10;
      out.push(k, crlf ? k + 2 : k + 1);
      if (crlf) k++;
    }
  }
  return out;
}

/** Line breaks in text[start, end): `\r\n` counts once. */
function countBreaks(text: string, start: number, end: number): number {
  let n = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) n++;
  }
  return n;
}
