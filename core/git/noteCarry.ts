// Notes across history, pure (no git): carry a note's regions onto a rewritten commit's text, and union several notes.
//
// Why not git's own `notes.rewriteRef` / `git notes merge -s cat_sort_uniq`: they concatenate note texts line by line,
// which turns two JSON notes into invalid JSON, and they copy line numbers unchanged although a rebase may shift them.
import { CommitNote, NOTE_VERSION, NoteFile, NoteRegion } from './gitNotes';
import { regionLineHashes, textLines } from './noteLines';
import { reanchor } from '../tracking/reanchor';
import { lineRangeOf, Region } from '../tracking/regionTracker';

/** Offsets where each line starts; `\r\n`, `\n` and a lone `\r` end a line, as everywhere else. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 13 && text.charCodeAt(k + 1) === 10) continue;
    if ((c === 10 || c === 13) && k + 1 < text.length) starts.push(k + 1);
  }
  return starts;
}

/**
 * A note file's regions moved from `oldText` (the file in the original commit) onto `newText` (in the rewritten one):
 * whole lines become character ranges, are re-anchored by content (core/reanchor.ts), and come back as line ranges
 * with their metadata; `lost` are the regions of which nothing survived. Lines rewritten on the way (a conflict resolved
 * by hand) lose their AI label, as typing does.
 */
export function carryFile(file: NoteFile, oldText: string, newText: string, newPath = file.path): { file: NoteFile; lost: NoteRegion[] } {
  const starts = lineStarts(oldText);
  const regions: Region[] = [];
  file.regions.forEach((r, index) => {
    if (r.startLine < 1 || r.endLine < r.startLine || r.startLine > starts.length) return;
    const start = starts[r.startLine - 1];
    const end = r.endLine < starts.length ? starts[r.endLine] : oldText.length;
    if (end > start) regions.push({ origin: String(index), start, end });
  });
  const newLines = textLines(newText);
  const newStarts = lineStarts(newText);
  // Per origin, how many non-blank characters of each new line survived as AI text.
  const survived = new Map<number, Map<number, number>>();
  for (const region of reanchor(oldText, newText, regions)) {
    const index = Number(region.origin);
    const perLine = survived.get(index) ?? new Map<number, number>();
    survived.set(index, perLine);
    let line = lineRangeOf(newText, region).startLine;
    for (let k = region.start; k < region.end; k++) {
      while (line + 1 < newStarts.length && newStarts[line + 1] <= k) line++;
      if (!/\s/.test(newText[k])) perLine.set(line, (perLine.get(line) ?? 0) + 1);
    }
  }
  const moved: NoteRegion[] = [];
  const kept = new Set<number>();
  for (const [index, perLine] of survived) {
    // A line stays AI when at least half its non-blank characters did: a line rewritten by hand (a resolved conflict)
    // keeps a few letters in common with the old one by chance, and is the person's now.
    const aiLines = [...perLine]
      .filter(([line, count]) => count * 2 >= (newLines[line] ?? '').replace(/\s/g, '').length && count > 0)
      .map(([line]) => line + 1)
      .sort((x, y) => x - y);
    for (const range of consecutive(aiLines, (n) => (newLines[n - 1] ?? '').trim() === '')) {
      kept.add(index);
      moved.push({ ...file.regions[index], ...range, lineHashes: regionLineHashes(newLines, range.startLine, range.endLine) });
    }
  }
  const lost = file.regions.filter((_, index) => !kept.has(index));
  return { file: { ...file, path: newPath, regions: mergeRegions([moved]) }, lost };
}

/** Sorted line numbers as ranges of consecutive lines; blank lines between two of them join the range. */
function consecutive(lines: readonly number[], blank: (line: number) => boolean): Array<{ startLine: number; endLine: number }> {
  const out: Array<{ startLine: number; endLine: number }> = [];
  for (const n of lines) {
    const last = out[out.length - 1];
    let gapBlank = last !== undefined;
    for (let k = (last?.endLine ?? n) + 1; gapBlank && k < n; k++) gapBlank = blank(k);
    if (last && gapBlank) last.endLine = n;
    else out.push({ startLine: n, endLine: n });
  }
  return out;
}

/** The union of several notes: every region of each, exact duplicates once, sorted; a file's tier from the first that has one. */
export function mergeNotes(notes: readonly CommitNote[]): CommitNote {
  const byPath = new Map<string, NoteFile[]>();
  for (const note of notes) {
    for (const file of note.files) {
      const list = byPath.get(file.path) ?? [];
      list.push(file);
      byPath.set(file.path, list);
    }
  }
  const files: NoteFile[] = [];
  for (const [path, list] of byPath) {
    const tier = list.find((f) => f.tier !== null)?.tier ?? null;
    files.push({ ...list[0], path, tier, regions: mergeRegions(list.map((f) => f.regions)) });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Fields another version added at the top level are kept from the first note that has them.
  return Object.assign({}, ...notes, { loadbearing: NOTE_VERSION, files }) as CommitNote;
}

/**
 * Regions of several lists, exact duplicates once. Two records of the same lines that differ (one acknowledged, one
 * not) are both kept: `verify` then fails on the unacknowledged one, the safe side when histories disagree.
 */
function mergeRegions(lists: readonly NoteRegion[][]): NoteRegion[] {
  const seen = new Map<string, NoteRegion>();
  for (const list of lists) for (const r of list) if (!seen.has(canonical(r))) seen.set(canonical(r), r);
  return [...seen.values()].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
}

/** JSON with sorted keys: the same record written by two clones compares equal whatever the key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether a note records nothing (a commit without AI code): carrying or merging it changes nothing. */
export function isEmptyNote(note: CommitNote): boolean {
  return note.files.every((f) => f.regions.length === 0);
}
