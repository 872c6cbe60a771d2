// Pure region arithmetic: keeps the surviving parts of AI edits in step with every document change.
import { equalIgnoringWhitespace, isSpaceCode, mapWhitespaceLabels } from './whitespace';

/** The surviving part of one AI edit: UTF-16 half-open range [start, end), never empty. */
export interface Region {
  origin: string;
  start: number;
  end: number;
}

/** Replace document[offset, offset + deleteLength) by text (LSP contentChanges, as offsets). */
export interface TextChange {
  offset: number;
  deleteLength: number;
  text: string;
}

/** First index whose region ends at or after offset (regions sorted, non-overlapping ⇒ ends sorted too). */
function firstEndingAtOrAfter(regions: readonly Region[], offset: number): number {
  let lo = 0;
  let hi = regions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (regions[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose region starts strictly after offset. */
function firstStartingAfter(regions: readonly Region[], offset: number, from: number): number {
  let lo = from;
  let hi = regions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (regions[mid].start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Appends r to out, merging with the last region when it continues the same origin. */
function pushMerged(out: Region[], r: Region): void {
  if (r.end <= r.start) return;
  const last = out.length > 0 ? out[out.length - 1] : undefined;
  if (last !== undefined && last.origin === r.origin && last.end >= r.start) {
    if (r.end > last.end) out[out.length - 1] = { origin: last.origin, start: last.start, end: r.end };
    return;
  }
  out.push(r);
}

/**
 * Applies one change. Expects `regions` normalized (as every function here returns them); only the
 * regions touching [offset, offset + deleteLength] are re-cut, the rest are copied or shifted.
 */
export function applyChange(regions: readonly Region[], change: TextChange, insertOrigin: string | null): Region[] {
  const a = Math.max(0, change.offset);
  const del = Math.max(0, change.deleteLength);
  const b = a + del;
  const len = change.text.length;
  const delta = len - del;
  if (del === 0 && len === 0) return regions.slice();

  // Regions ending exactly at a or starting exactly at b take part too: they may merge with the insert
  // or with each other once the text between them is gone.
  const i = firstEndingAtOrAfter(regions, a);
  const j = firstStartingAfter(regions, b, i);

  const out: Region[] = regions.slice(0, i);
  const right: Region[] = [];
  for (let k = i; k < j; k++) {
    const r = regions[k];
    if (r.start < a) pushMerged(out, { origin: r.origin, start: r.start, end: Math.min(r.end, a) });
    if (r.end > b) right.push({ origin: r.origin, start: Math.max(r.start, b) + delta, end: r.end + delta });
  }
  if (insertOrigin !== null && len > 0) pushMerged(out, { origin: insertOrigin, start: a, end: a + len });
  for (const r of right) pushMerged(out, r);
  for (let k = j; k < regions.length; k++) {
    const r = regions[k];
    out.push(delta === 0 ? r : { origin: r.origin, start: r.start + delta, end: r.end + delta });
  }
  return out;
}

/**
 * applyChange for a change to `oldText` (the whole document before it). A change that only alters whitespace (a
 * formatter, a re-indent, trailing spaces, line endings, Enter inside a region) keeps the regions it touches whole:
 * their labels follow the characters through it (mapWhitespaceLabels) instead of the new whitespace cutting them. Even
 * when a formatter replaces the whole document. An attributed insertion, or any change of other characters, is
 * applyChange.
 */
export function applyTextChange(
  regions: readonly Region[],
  change: TextChange,
  oldText: string,
  insertOrigin: string | null,
): Region[] {
  if (insertOrigin !== null) return applyChange(regions, change, insertOrigin);
  let a = Math.max(0, change.offset);
  let b = a + Math.max(0, change.deleteLength);
  // Cheapest tests first: this runs on every keystroke.
  if (firstEndingAtOrAfter(regions, a) >= regions.length || !equalIgnoringWhitespace(oldText.slice(a, b), change.text)) {
    return applyChange(regions, change, null);
  }
  // A whitespace run the change's edge cuts is one run to the reader: widen the change to whole runs, so that a line
  // break added at a region's edge is weighed against all the whitespace there (a region ending in trailing spaces must
  // not take a line break a formatter put among them).
  const from = a;
  const to = b;
  while (a > 0 && isSpaceCode(oldText.charCodeAt(a - 1))) a--;
  while (b < oldText.length && isSpaceCode(oldText.charCodeAt(b))) b++;
  const removed = oldText.slice(a, b);
  const inserted = oldText.slice(a, from) + change.text + oldText.slice(to, b);
  const i = firstEndingAtOrAfter(regions, a);
  if (i >= regions.length || regions[i].start > b) return applyChange(regions, change, null);
  const j = firstStartingAfter(regions, b, i);
  const ids: string[] = [];
  const idOf = (origin: string): number => {
    const k = ids.indexOf(origin);
    return k >= 0 ? k + 1 : ids.push(origin);
  };
  const oldLabels = new Int32Array(b - a);
  let before = 0;
  let after = 0;
  for (let k = i; k < j; k++) {
    const r = regions[k];
    const id = idOf(r.origin);
    if (r.start < a && a - 1 < r.end && a > 0) before = id;
    if (r.start <= b && b < r.end) after = id;
    if (r.start < b && r.end > a) oldLabels.fill(id, Math.max(r.start, a) - a, Math.min(r.end, b) - a);
  }
  const labels = mapWhitespaceLabels(removed, oldLabels, inserted, before, after);
  const delta = inserted.length - (b - a);
  const out: Region[] = regions.slice(0, i);
  for (let k = i; k < j; k++) {
    const r = regions[k];
    if (r.start < a) pushMerged(out, { origin: r.origin, start: r.start, end: Math.min(r.end, a) });
  }
  for (let k = 0; k < labels.length; ) {
    const start = k;
    while (k < labels.length && labels[k] === labels[start]) k++;
    if (labels[start] !== 0) pushMerged(out, { origin: ids[labels[start] - 1], start: a + start, end: a + k });
  }
  for (let k = i; k < j; k++) {
    const r = regions[k];
    if (r.end > b) pushMerged(out, { origin: r.origin, start: Math.max(r.start, b) + delta, end: r.end + delta });
  }
  for (let k = j; k < regions.length; k++) {
    const r = regions[k];
    out.push(delta === 0 ? r : { origin: r.origin, start: r.start + delta, end: r.end + delta });
  }
  return out;
}

/** Applies the changes of one document version in order, each in the coordinates left by the previous. */
export function applyChanges(
  regions: readonly Region[],
  changes: readonly TextChange[],
  insertOrigin: string | null,
): Region[] {
  let current: readonly Region[] = regions;
  for (const c of changes) current = applyChange(current, c, insertOrigin);
  return current === regions ? regions.slice() : (current as Region[]);
}

/**
 * Origins whose text the change alters: it deletes some of their characters or inserts strictly inside
 * them. Typing at a boundary leaves the region's text as it was, so it does not count.
 */
export function touchedOrigins(regions: readonly Region[], change: TextChange): Set<string> {
  const touched = new Set<string>();
  const a = Math.max(0, change.offset);
  const b = a + Math.max(0, change.deleteLength);
  const inserts = change.text.length > 0;
  for (let k = firstEndingAtOrAfter(regions, a); k < regions.length; k++) {
    const r = regions[k];
    if (r.start > b) break;
    const deletesInside = b > a && r.start < b && r.end > a;
    const insertsInside = inserts && r.start < a && a < r.end;
    if (deletesInside || insertsInside) touched.add(r.origin);
  }
  return touched;
}

/**
 * The region containing offset. A cursor right after a region's last character counts as in it, but a
 * region that actually contains the character after the cursor wins over one that merely ends there.
 */
export function regionAt(regions: readonly Region[], offset: number): Region | undefined {
  const k = firstEndingAtOrAfter(regions, offset);
  if (k >= regions.length) return undefined;
  const r = regions[k];
  if (r.start > offset) return undefined;
  if (r.end === offset) {
    const next = k + 1 < regions.length ? regions[k + 1] : undefined;
    if (next !== undefined && next.start === offset && next.end > offset) return next;
  }
  return r;
}

/**
 * Sorts, drops empty or invalid ranges and merges touching same-origin ranges. Overlaps of different
 * origins should not happen; if they do the earlier region keeps the shared text so the result is valid.
 */
export function normalize(regions: Region[]): Region[] {
  const valid = regions
    .filter((r) => Number.isFinite(r.start) && Number.isFinite(r.end) && r.end > r.start)
    .map((r) => ({ origin: r.origin, start: Math.max(0, r.start), end: r.end }))
    .filter((r) => r.end > r.start)
    .sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Region[] = [];
  for (const r of valid) {
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last === undefined || last.end < r.start) {
      out.push(r);
    } else if (last.origin === r.origin) {
      if (r.end > last.end) last.end = r.end;
    } else if (r.end > last.end) {
      out.push({ origin: r.origin, start: last.end, end: r.end });
    }
  }
  return out;
}

/** Number of line breaks in text[from, to): `\r\n`, `\n` and a lone `\r` each count once, as in VS Code. */
function breaksIn(text: string, from: number, to: number, hasCr = true): number {
  let breaks = 0;
  if (!hasCr) {
    // Only LF: indexOf finds them at native speed (the gate counts the lines of every staged file once, cold). In the
    // span only: on the whole text the last search would scan on to the next line break, in a one-line minified file
    // to its end, for each region.
    const span = text.slice(from, to);
    for (let k = span.indexOf('\n'); k >= 0; k = span.indexOf('\n', k + 1)) breaks++;
    return breaks;
  }
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) breaks++;
    else if (c === 13 && text.charCodeAt(k + 1) !== 10) breaks++;
  }
  return breaks;
}

/**
 * 0-based inclusive lines of a region: the line of its first character and of its last one, so a region
 * ending right after a line break ends on the line that break closes.
 */
export function lineRangeOf(text: string, region: Region): { startLine: number; endLine: number } {
  return lineRangesOf(text, [region])[0];
}

/** lineRangeOf of each region; one pass over the text when they are in order, as a file's regions are. */
export function lineRangesOf(text: string, regions: readonly Region[]): Array<{ startLine: number; endLine: number }> {
  let pos = 0;
  let line = 0; // breaks in text[0, pos)
  const hasCr = regions.length > 0 && text.includes('\r');
  return regions.map((region) => {
    const start = Math.min(Math.max(0, region.start), text.length);
    const last = Math.min(Math.max(start, region.end - 1), text.length);
    if (start < pos) {
      pos = 0;
      line = 0;
    }
    line += breaksIn(text, pos, start, hasCr);
    pos = start;
    return { startLine: line, endLine: line + breaksIn(text, start, last, hasCr) };
  });
}
