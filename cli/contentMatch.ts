// For `verify`: finds AI lines by content in a commit whose note does not cover them — a squash merge made on a server
// (no hook ran, no note), or a rebase made where the hooks were not installed — using the notes of other commits.
import { diffArrays } from 'diff';
import { decodeFileText } from '../core/tracking/fileText';
import { CommitNote, NoteFormatError, NoteRegion } from '../core/git/gitNotes';
import { lineHash, textLines } from '../core/git/noteLines';
import { git, readBlobs } from './git';
import { readNoteBlobs } from './noteStore';

/** One AI region of another commit's note, with the hash of each of its lines. */
export interface Candidate {
  commit: string;
  path: string;
  region: NoteRegion;
  hashes: string[];
}

export interface ContentMatch {
  /** Lines (1-based) of the commit found in candidates, with whether any candidate that has them acknowledged them. */
  lines: Map<number, { acknowledged: boolean; source: string; commit: string }>;
  /** Candidate regions of which some lines were found and others not (edited before the squash, or partly removed). */
  partial: Array<{ commit: string; startLine: number; endLine: number; missing: number }>;
}


/**
 * The AI regions of notes on commits that are not ancestors of the range (the originals of a squash or rebase are not),
 * by path. Their line contents come from the note's `lineHashes`, or from the commit itself for older notes.
 */
export async function loadCandidates(root: string, notes: Map<string, string>, commits: readonly string[], env: NodeJS.ProcessEnv): Promise<Map<string, Candidate[]>> {
  const byPath = new Map<string, Candidate[]>();
  if (notes.size === 0 || commits.length === 0) return byPath;
  const parents = new Set<string>();
  for (const line of (await git(root, ['rev-list', '--no-walk', '--parents', '--stdin'], { env, input: commits.join('\n') + '\n' })).split('\n')) {
    const [, first] = line.trim().split(' ');
    if (first) parents.add(first);
  }
  const noted = [...notes.keys()];
  const present = await presentCommits(root, noted, env);
  // Walks only the history that is not already under the parents (cheap where most noted commits were merged long ago).
  const input = [...present, ...[...parents].map((p) => `^${p}`)].join('\n') + '\n';
  const outside = present.size === 0 ? new Set<string>() : new Set((await git(root, ['rev-list', '--stdin'], { env, input })).split('\n'));
  // A noted commit that is not here (its branch deleted, only the notes fetched) cannot be an ancestor of the range.
  const others = noted.filter((c) => !present.has(c) || outside.has(c));
  const parsed = await readNoteBlobs(root, others.map((c) => notes.get(c) as string), env);
  const needText: Array<{ commit: string; path: string; region: NoteRegion }> = [];
  for (const commit of others) {
    const note = parsed.get(notes.get(commit) as string);
    if (note === undefined || note instanceof NoteFormatError) continue;
    for (const file of (note as CommitNote).files) {
      for (const region of file.regions) {
        if (region.lineHashes) add(byPath, { commit, path: file.path, region, hashes: region.lineHashes });
        else if (!file.path.includes('\n')) needText.push({ commit, path: file.path, region });
      }
    }
  }
  // Notes written before line hashes: read the lines from the commit, when it is still here.
  const texts = await readBlobs(root, [...new Set(needText.map((n) => `${n.commit}:${n.path}`))], env, decodeFileText);
  for (const n of needText) {
    const text = texts.get(`${n.commit}:${n.path}`);
    if (text !== undefined) add(byPath, { ...n, hashes: textLines(text).slice(n.region.startLine - 1, n.region.endLine).map(lineHash) });
  }
  return byPath;
}

/** The commits of `ids` that exist in this repository. */
async function presentCommits(root: string, ids: readonly string[], env: NodeJS.ProcessEnv): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const out = await git(root, ['cat-file', '--batch-check'], { env, input: ids.join('\n') + '\n' });
  const present = new Set<string>();
  for (const line of out.split('\n')) {
    const [id, type] = line.split(' ');
    if (type === 'commit') present.add(id);
  }
  return present;
}

function add(byPath: Map<string, Candidate[]>, candidate: Candidate): void {
  const list = byPath.get(candidate.path) ?? [];
  list.push(candidate);
  byPath.set(candidate.path, list);
}

/** Lines (1-based) of `newText` that are not in `oldText` (a line diff of the two blobs, in process: no external diff runs). */
export function addedLines(oldText: string | undefined, newText: string): number[] {
  const after = textLines(newText);
  if (oldText === undefined) return after.map((_, k) => k + 1);
  const added: number[] = [];
  let line = 0;
  for (const part of diffArrays(textLines(oldText), after)) {
    if (part.removed) continue;
    if (part.added) for (let k = 0; k < part.value.length; k++) added.push(line + k + 1);
    line += part.value.length;
  }
  return added;
}

/**
 * Matches candidates' lines against the lines `eligible` (added by the commit, not covered by its own note) of
 * `newText`. A line found in several candidates counts as acknowledged when any of them acknowledged that same
 * text: a person reviewed exactly it. Blank lines are not matched (they say nothing about where code came from).
 */
export function matchLines(newText: string, eligible: readonly number[], candidates: readonly Candidate[]): ContentMatch {
  const lines = textLines(newText);
  const EMPTY_LINE = lineHash(''); // here, not when the bundle loads: crypto loads on first use
  const byHash = new Map<string, number[]>();
  for (const n of eligible) {
    const hash = lineHash(lines[n - 1] ?? '');
    if (hash === EMPTY_LINE) continue;
    const list = byHash.get(hash) ?? [];
    list.push(n);
    byHash.set(hash, list);
  }
  const result: ContentMatch = { lines: new Map(), partial: [] };
  for (const c of candidates) {
    let found = 0;
    let wanted = 0;
    let previous = -1;
    for (const hash of c.hashes) {
      if (hash === EMPTY_LINE) continue;
      wanted++;
      const at = byHash.get(hash);
      if (!at) continue;
      // Prefer the line right after the previous match: a block stays a block.
      const n = at.includes(previous + 1) ? previous + 1 : at[0];
      found++;
      previous = n;
      const acknowledged = c.region.ack !== null;
      const seen = result.lines.get(n);
      if (!seen || (!seen.acknowledged && acknowledged)) result.lines.set(n, { acknowledged, source: c.region.source, commit: c.commit });
    }
    if (found > 0 && found < wanted) result.partial.push({ commit: c.commit, startLine: c.region.startLine, endLine: c.region.endLine, missing: wanted - found });
  }
  return result;
}

/** Consecutive line numbers as ranges. */
export function lineRanges(numbers: readonly number[]): Array<{ startLine: number; endLine: number }> {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out: Array<{ startLine: number; endLine: number }> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n === last.endLine + 1) last.endLine = n;
    else out.push({ startLine: n, endLine: n });
  }
  return out;
}
