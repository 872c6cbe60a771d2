// Re-anchors regions across a change we did not see (file edited while closed, or by another tool) using a text diff.
import { diffArrays, diffChars } from 'diff';
import { normalize, type Region } from './regionTracker';
import { backToLineStart, commonPrefix, commonSuffix, forwardToLineStart, lineOffsets, splitLines, uniqueAnchors } from './lineAlign';
import { equalIgnoringWhitespace, mapWhitespaceLabels } from './whitespace';

/** Hunks bigger than this (either side, in UTF-16 units) are treated as wholly replaced. */
const CHAR_DIFF_MAX_SIDE = 20_000;
/** Edit-distance caps keep Myers' O((N+M)·D) cost bounded on unrelated texts; past them we give up on alignment. */
const CHAR_EDIT_LIMIT = 500;
/** Wall-clock budget for all Myers runs of one call; many mid-sized rewritten hunks must not add up to seconds. */
const DIFF_TIME_BUDGET_MS = 300;
const LINE_EDIT_LIMIT = 1_000;
/** A moved block must be at least this long to be recognised inside a larger added hunk (short text recurs by chance). */
const MIN_SUBSTRING_MOVE = 8;

interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
  movedOut: boolean;
  movedIn: boolean;
}

function hasLabel(labels: Int32Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (labels[k] !== 0) return true;
  return false;
}

class Anchoring {
  readonly newLabels: Int32Array;
  private readonly deadline = Date.now() + DIFF_TIME_BUDGET_MS;

  constructor(
    readonly oldText: string,
    readonly newText: string,
    readonly oldLabels: Int32Array,
  ) {
    this.newLabels = new Int32Array(newText.length);
  }

  copy(oldStart: number, newStart: number, length: number): void {
    if (length > 0) this.newLabels.set(this.oldLabels.subarray(oldStart, oldStart + length), newStart);
  }

  /** Labels the characters that a diff of old[os,oe) against new[ns,ne) says survived. */
  align(os: number, oe: number, ns: number, ne: number): void {
    const pre = commonPrefix(this.oldText, os, oe, this.newText, ns, ne);
    this.copy(os, ns, pre);
    os += pre;
    ns += pre;
    const suf = commonSuffix(this.oldText, os, oe, this.newText, ns, ne);
    this.copy(oe - suf, ne - suf, suf);
    oe -= suf;
    ne -= suf;
    if (os >= oe && ns >= ne) return;
    if (this.whitespaceOnly(os, oe, ns, ne)) return;
    if (os >= oe || ns >= ne) return;
    if (oe - os > CHAR_DIFF_MAX_SIDE || ne - ns > CHAR_DIFF_MAX_SIDE) return;
    const timeout = this.deadline - Date.now();
    if (timeout <= 0 || !hasLabel(this.oldLabels, os, oe)) return;
    const changes = diffChars(this.oldText.slice(os, oe), this.newText.slice(ns, ne), { maxEditLength: CHAR_EDIT_LIMIT, timeout });
    if (changes === undefined) return;
    for (const c of changes) {
      const len = c.value.length;
      if (c.added) ns += len;
      else if (c.removed) os += len;
      else {
        this.copy(os, ns, len);
        os += len;
        ns += len;
      }
    }
  }

  /**
   * When old[os,oe) and new[ns,ne) differ only in whitespace (a formatter ran while the file was closed), labels
   * follow the characters one to one, as in the editor (regionTracker.applyTextChange): no diff, no size cap, and the
   * regions stay whole instead of being cut at each new space.
   */
  whitespaceOnly(os: number, oe: number, ns: number, ne: number): boolean {
    const oldPart = this.oldText.slice(os, oe);
    const newPart = this.newText.slice(ns, ne);
    if (!equalIgnoringWhitespace(oldPart, newPart)) return false;
    const before = os > 0 ? this.oldLabels[os - 1] : 0;
    const after = oe < this.oldLabels.length ? this.oldLabels[oe] : 0;
    this.newLabels.set(mapWhitespaceLabels(oldPart, this.oldLabels.subarray(os, oe), newPart, before, after), ns);
    return true;
  }

  /**
   * Line diff of old[os,oe) against new[ns,ne): equal lines are copied, the rest come back as hunks.
   * Lines unique on both sides anchor the diff first (patience diff), so many scattered edits in a big
   * file stay many small gaps for Myers instead of one huge edit script that hits the cap.
   */
  lineHunks(os: number, oe: number, ns: number, ne: number): Hunk[] {
    const oldLines = splitLines(this.oldText, os, oe);
    const newLines = splitLines(this.newText, ns, ne);
    const oldOff = lineOffsets(os, oldLines);
    const newOff = lineOffsets(ns, newLines);
    const hunks: Hunk[] = [];
    let oi = 0;
    let ni = 0;
    for (const [ao, an] of uniqueAnchors(oldLines, newLines)) {
      this.diffGap(oldLines, newLines, oldOff, newOff, [oi, ao, ni, an], hunks);
      this.copy(oldOff[ao], newOff[an], oldLines[ao].length);
      oi = ao + 1;
      ni = an + 1;
    }
    this.diffGap(oldLines, newLines, oldOff, newOff, [oi, oldLines.length, ni, newLines.length], hunks);
    return hunks;
  }

  private diffGap(
    oldLines: readonly string[],
    newLines: readonly string[],
    oldOff: readonly number[],
    newOff: readonly number[],
    [oi, oe, ni, ne]: [number, number, number, number],
    hunks: Hunk[],
  ): void {
    while (oi < oe && ni < ne && oldLines[oi] === newLines[ni]) {
      this.copy(oldOff[oi], newOff[ni], oldLines[oi].length);
      oi++;
      ni++;
    }
    while (oi < oe && ni < ne && oldLines[oe - 1] === newLines[ne - 1]) {
      oe--;
      ne--;
      this.copy(oldOff[oe], newOff[ne], oldLines[oe].length);
    }
    if (oi === oe && ni === ne) return;
    const whole = (): void => {
      hunks.push({ oldStart: oldOff[oi], oldEnd: oldOff[oe], newStart: newOff[ni], newEnd: newOff[ne], movedOut: false, movedIn: false });
    };
    if (oi === oe || ni === ne) return whole();
    const oldSet = new Set(oldLines.slice(oi, oe));
    let shared = false;
    for (let k = ni; k < ne && !shared; k++) shared = oldSet.has(newLines[k]);
    const timeout = this.deadline - Date.now();
    if (!shared || timeout <= 0) return whole();
    const changes = diffArrays(oldLines.slice(oi, oe), newLines.slice(ni, ne), { maxEditLength: LINE_EDIT_LIMIT, timeout });
    if (changes === undefined) return whole();
    let open: Hunk | undefined;
    for (const c of changes) {
      if (!c.added && !c.removed) {
        for (let k = 0; k < c.count; k++) this.copy(oldOff[oi + k], newOff[ni + k], oldLines[oi + k].length);
        oi += c.count;
        ni += c.count;
        open = undefined;
        continue;
      }
      if (open === undefined) {
        open = { oldStart: oldOff[oi], oldEnd: oldOff[oi], newStart: newOff[ni], newEnd: newOff[ni], movedOut: false, movedIn: false };
        hunks.push(open);
      }
      if (c.added) {
        ni += c.count;
        open.newEnd = newOff[ni];
      } else {
        oi += c.count;
        open.oldEnd = oldOff[oi];
      }
    }
  }

  /** A removed hunk whose exact text reappears as an added hunk elsewhere was moved: its labels go with it. */
  exactMoves(hunks: Hunk[]): void {
    const added = new Map<string, number[]>();
    hunks.forEach((h, idx) => {
      if (h.newEnd <= h.newStart) return;
      const text = this.newText.slice(h.newStart, h.newEnd);
      if (text.trim() === '') return;
      const list = added.get(text);
      if (list === undefined) added.set(text, [idx]);
      else list.push(idx);
    });
    if (added.size === 0) return;
    for (const h of hunks) {
      if (h.oldEnd <= h.oldStart || !hasLabel(this.oldLabels, h.oldStart, h.oldEnd)) continue;
      const list = added.get(this.oldText.slice(h.oldStart, h.oldEnd));
      if (list === undefined) continue;
      const idx = list.find((i) => !hunks[i].movedIn);
      if (idx === undefined) continue;
      const target = hunks[idx];
      this.copy(h.oldStart, target.newStart, h.oldEnd - h.oldStart);
      h.movedOut = true;
      target.movedIn = true;
    }
  }

  /**
   * A moved block often lands in a hunk together with a blank line or two, so its exact text is not a
   * whole hunk. Look for the labelled span of a pure removal inside pure additions.
   */
  substringMoves(hunks: Hunk[]): void {
    const targets = hunks.filter((h) => h.oldEnd === h.oldStart && h.newEnd > h.newStart && !h.movedIn);
    if (targets.length === 0) return;
    const claimed = new Map<Hunk, Array<[number, number]>>();
    for (const h of hunks) {
      if (h.movedOut || h.newEnd !== h.newStart || h.oldEnd <= h.oldStart) continue;
      let first = h.oldStart;
      while (first < h.oldEnd && this.oldLabels[first] === 0) first++;
      let last = h.oldEnd;
      while (last > first && this.oldLabels[last - 1] === 0) last--;
      if (last - first < MIN_SUBSTRING_MOVE) continue;
      const core = this.oldText.slice(first, last);
      if (core.trim() === '') continue;
      for (const t of targets) {
        if (t.newEnd - t.newStart < core.length) continue;
        const at = this.newText.slice(t.newStart, t.newEnd).indexOf(core);
        if (at < 0) continue;
        const s = t.newStart + at;
        const e = s + core.length;
        const taken = claimed.get(t) ?? [];
        if (taken.some(([cs, ce]) => cs < e && s < ce)) continue;
        taken.push([s, e]);
        claimed.set(t, taken);
        this.copy(first, s, core.length);
        h.movedOut = true;
        break;
      }
    }
  }

  regions(origins: readonly string[]): Region[] {
    const out: Region[] = [];
    const labels = this.newLabels;
    for (let k = 0; k < labels.length; ) {
      const start = k;
      while (k < labels.length && labels[k] === labels[start]) k++;
      if (labels[start] !== 0) out.push({ origin: origins[labels[start] - 1], start, end: k });
    }
    return out;
  }
}

function reanchorUnchecked(oldText: string, newText: string, regions: readonly Region[]): Region[] {
  const clean = normalize(
    regions
      .filter((r) => r !== null && typeof r === 'object' && typeof r.origin === 'string')
      .map((r) => ({ origin: r.origin, start: r.start, end: Math.min(r.end, oldText.length) })),
  );
  if (clean.length === 0) return [];
  if (oldText === newText) return clean;

  const origins: string[] = [];
  const index = new Map<string, number>();
  const oldLabels = new Int32Array(oldText.length);
  for (const r of clean) {
    let label = index.get(r.origin);
    if (label === undefined) {
      origins.push(r.origin);
      label = origins.length;
      index.set(r.origin, label);
    }
    oldLabels.fill(label, r.start, r.end);
  }

  const a = new Anchoring(oldText, newText, oldLabels);
  // Stripping the common ends first keeps the line diff proportional to the change, not to the file;
  // they are cut back to line starts, else the line diff would compare partial lines.
  const oe = oldText.length;
  const ne = newText.length;
  const pre = backToLineStart(oldText, newText, commonPrefix(oldText, 0, oe, newText, 0, ne));
  a.copy(0, 0, pre);
  const suf = forwardToLineStart(oldText, oe, commonSuffix(oldText, pre, oe, newText, pre, ne));
  a.copy(oe - suf, ne - suf, suf);
  if (hasLabel(oldLabels, pre, oe - suf) && !a.whitespaceOnly(pre, oe - suf, pre, ne - suf)) {
    const hunks = a.lineHunks(pre, oe - suf, pre, ne - suf);
    a.exactMoves(hunks);
    for (const h of hunks) {
      if (!h.movedOut && !h.movedIn) a.align(h.oldStart, h.oldEnd, h.newStart, h.newEnd);
    }
    a.substringMoves(hunks);
  }
  return a.regions(origins);
}

/** Only the common start and end of the texts keep their labels: the fallback when the full path fails. */
function reanchorEnds(oldText: string, newText: string, regions: readonly Region[]): Region[] {
  const pre = commonPrefix(oldText, 0, oldText.length, newText, 0, newText.length);
  const suf = commonSuffix(oldText, pre, oldText.length, newText, pre, newText.length);
  const shift = newText.length - oldText.length;
  const out: Region[] = [];
  for (const r of regions) {
    if (r.end > oldText.length) continue;
    if (r.start < pre) out.push({ origin: r.origin, start: r.start, end: Math.min(r.end, pre) });
    const tail = oldText.length - suf;
    if (r.end > tail) out.push({ origin: r.origin, start: Math.max(r.start, tail) + shift, end: r.end + shift });
  }
  return normalize(out);
}

/**
 * Maps regions of oldText onto newText: characters that survive unchanged keep their origin, moved blocks
 * of lines keep theirs, deleted or rewritten characters lose it. Never throws; on any internal failure it
 * falls back to keeping only the untouched start and end of the file, then to no regions at all.
 */
export function reanchor(oldText: string, newText: string, regions: readonly Region[]): Region[] {
  try {
    return reanchorUnchecked(oldText, newText, regions);
  } catch {
    try {
      return reanchorEnds(oldText, newText, regions);
    } catch {
      return [];
    }
  }
}
