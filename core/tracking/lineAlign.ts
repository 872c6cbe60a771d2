// Text and line primitives for re-anchoring (reanchor.ts): common ends that never split a surrogate pair, line
// splitting and line-start alignment as VS Code counts lines, and the unique-line anchors of a patience diff.

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Common ends are compared a block at a time first (startsWith/endsWith compare natively), then a character at a
 * time: a process that re-anchors once (the commit gate) runs this loop cold, character by character otherwise.
 */
const BLOCK = 64;

/** Length of the common prefix of a[as,ae) and b[bs,be), never ending between the halves of a surrogate pair. */
export function commonPrefix(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  const max = Math.min(ae - as, be - bs);
  let k = 0;
  while (k + BLOCK <= max && a.startsWith(b.slice(bs + k, bs + k + BLOCK), as + k)) k += BLOCK;
  while (k < max && a.charCodeAt(as + k) === b.charCodeAt(bs + k)) k++;
  if (k > 0 && isHigh(a.charCodeAt(as + k - 1)) && (isLow(a.charCodeAt(as + k)) || isLow(b.charCodeAt(bs + k)))) k--;
  return k;
}

/** Length of the common suffix, same surrogate care as commonPrefix. */
export function commonSuffix(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  const max = Math.min(ae - as, be - bs);
  let k = 0;
  while (k + BLOCK <= max && a.endsWith(b.slice(be - k - BLOCK, be - k), ae - k)) k += BLOCK;
  while (k < max && a.charCodeAt(ae - 1 - k) === b.charCodeAt(be - 1 - k)) k++;
  if (k > 0 && isLow(a.charCodeAt(ae - k)) && (isHigh(a.charCodeAt(ae - k - 1)) || isHigh(b.charCodeAt(be - k - 1)))) k--;
  return k;
}

/** Lines with their terminators; `\r\n`, `\n` and a lone `\r` end a line, as in VS Code. */
export function splitLines(text: string, start: number, end: number): string[] {
  const lines: string[] = [];
  let lineStart = start;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) {
      if (c === 13 && k + 1 < end && text.charCodeAt(k + 1) === 10) k++;
      lines.push(text.slice(lineStart, k + 1));
      lineStart = k + 1;
    }
  }
  if (lineStart < end) lines.push(text.slice(lineStart, end));
  return lines;
}

/** Largest p ≤ pre at which a line starts in both texts (they are equal before pre). */
export function backToLineStart(a: string, b: string, pre: number): number {
  let p = pre;
  while (p > 0) {
    const c = a.charCodeAt(p - 1);
    if (c === 10) break;
    if (c === 13 && a.charCodeAt(p) !== 10 && b.charCodeAt(p) !== 10) break;
    p--;
  }
  return p;
}

/** Shortens a common suffix of length suf of text (length len) so that it begins right after a line break. */
export function forwardToLineStart(text: string, len: number, suf: number): number {
  for (let k = len - suf; k < len; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) return len - k - 1;
    if (c === 13 && text.charCodeAt(k + 1) !== 10) return len - k - 1;
  }
  return 0;
}

/** Start offset of every line, plus the end of the last one. */
export function lineOffsets(start: number, lines: readonly string[]): number[] {
  const out = new Array<number>(lines.length + 1);
  out[0] = start;
  for (let k = 0; k < lines.length; k++) out[k + 1] = out[k] + lines[k].length;
  return out;
}

/** Pairs of (old, new) line indices of lines occurring once on each side, longest increasing chain of them. */
export function uniqueAnchors(oldLines: readonly string[], newLines: readonly string[]): Array<[number, number]> {
  const seen = new Map<string, { o: number; n: number; ni: number }>();
  for (const line of oldLines) {
    const e = seen.get(line);
    if (e === undefined) seen.set(line, { o: 1, n: 0, ni: -1 });
    else e.o++;
  }
  newLines.forEach((line, ni) => {
    const e = seen.get(line);
    if (e !== undefined) {
      e.n++;
      e.ni = ni;
    }
  });
  const pairs: Array<[number, number]> = [];
  oldLines.forEach((line, oi) => {
    const e = seen.get(line);
    if (e !== undefined && e.o === 1 && e.n === 1) pairs.push([oi, e.ni]);
  });
  // Patience sorting: tails[k] = index in pairs of the smallest new-index ending a chain of length k + 1.
  const tails: number[] = [];
  const prev = new Array<number>(pairs.length).fill(-1);
  pairs.forEach(([, n], idx) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pairs[tails[mid]][1] < n) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[idx] = tails[lo - 1];
    tails[lo] = idx;
  });
  const chain: Array<[number, number]> = [];
  for (let idx = tails.length > 0 ? tails[tails.length - 1] : -1; idx >= 0; idx = prev[idx]) chain.push(pairs[idx]);
  return chain.reverse();
}
