// Loadbearing notes in git for the CLI: list, read and write them, and carry them onto rewritten commits
// (post-rewrite after amend and rebase, post-commit after a cherry-pick), merging with what the new commit already has.
import { decodeFileText } from '../core/tracking/fileText';
import { CommitNote, NOTES_REF_SHORT, NoteFormatError, NoteRegion, parseNote, serializeNote } from '../core/git/gitNotes';
import { canonical, carryFile, isEmptyNote, mergeNotes } from '../core/git/noteCarry';
import { git, readBlobs, splitNul } from './git';

/** Commit id → note blob id for every note on the ref (none when the ref does not exist). */
export async function noteBlobs(root: string, env: NodeJS.ProcessEnv, ref = NOTES_REF_SHORT): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  let out: string;
  try {
    out = await git(root, ['notes', '--ref', ref, 'list'], { env });
  } catch {
    return map;
  }
  for (const line of out.split('\n')) {
    const [blob, commit] = line.trim().split(' ');
    if (blob && commit) map.set(commit, blob);
  }
  return map;
}

/** Parsed notes of note blobs; a blob that is not a valid note maps to its NoteFormatError. */
export async function readNoteBlobs(root: string, blobs: readonly string[], env: NodeJS.ProcessEnv): Promise<Map<string, CommitNote | NoteFormatError>> {
  const texts = await readBlobs(root, [...new Set(blobs)], env);
  const out = new Map<string, CommitNote | NoteFormatError>();
  for (const [blob, text] of texts) {
    try {
      out.set(blob, parseNote(text ?? ''));
    } catch (error) {
      if (!(error instanceof NoteFormatError)) throw error;
      out.set(blob, error);
    }
  }
  return out;
}

/** Writes (replaces) the note of `commit` on the ref. */
export async function writeNote(root: string, commit: string, note: CommitNote, env: NodeJS.ProcessEnv, ref = NOTES_REF_SHORT): Promise<void> {
  const blob = (await git(root, ['hash-object', '-w', '--stdin'], { env, input: serializeNote(note) })).trim();
  await git(root, ['notes', '--ref', ref, 'add', '-f', '-C', blob, commit], { env });
}

export interface CarryReport {
  /** New commits whose note changed. */
  written: string[];
  /** AI regions of an old commit of which nothing is left in its new commit (deleted or rewritten on the way). */
  lost: Array<{ from: string; to: string; path: string; region: NoteRegion }>;
  /** Notes that could not be used, with why (never overwritten). */
  skipped: string[];
}

/**
 * Carries the note of each `from` onto its `to` (several froms may share one to: a squash), re-anchored by content on
 * the new commit's files, unioned with the note `to` already has (post-commit has written one by then).
 */
export async function carryNotes(root: string, pairs: ReadonlyArray<{ from: string; to: string }>, env: NodeJS.ProcessEnv): Promise<CarryReport> {
  const report: CarryReport = { written: [], lost: [], skipped: [] };
  const blobs = await noteBlobs(root, env);
  const wanted = pairs.filter((p) => p.from !== p.to && blobs.has(p.from));
  if (wanted.length === 0) return report;
  const targets = [...new Set(wanted.map((p) => p.to))];
  const notes = await readNoteBlobs(root, [...wanted.map((p) => blobs.get(p.from) as string), ...targets.flatMap((t) => (blobs.has(t) ? [blobs.get(t) as string] : []))], env);
  for (const to of targets) {
    const existingBlob = blobs.get(to);
    const existing = existingBlob === undefined ? undefined : notes.get(existingBlob);
    if (existing instanceof NoteFormatError) {
      report.skipped.push(`${to.slice(0, 12)}: its note is invalid (${existing.message}); left as it is`);
      continue;
    }
    const carried: CommitNote[] = existing ? [existing] : [];
    for (const { from } of wanted.filter((p) => p.to === to)) {
      const note = notes.get(blobs.get(from) as string);
      if (note instanceof NoteFormatError || note === undefined) {
        report.skipped.push(`${from.slice(0, 12)}: its note is invalid (${note?.message ?? 'unreadable'}); not carried to ${to.slice(0, 12)}`);
        continue;
      }
      if (isEmptyNote(note)) continue;
      carried.push(await carryNote(root, from, to, note, env, report));
    }
    if (carried.length === 0) continue;
    const merged = mergeNotes(carried);
    if (existing && canonical(existing) === canonical(merged)) continue;
    await writeNote(root, to, merged, env);
    report.written.push(to);
  }
  return report;
}

/** One note moved from commit `from` onto commit `to`. */
async function carryNote(root: string, from: string, to: string, note: CommitNote, env: NodeJS.ProcessEnv, report: CarryReport): Promise<CommitNote> {
  const paths = note.files.map((f) => f.path).filter((p) => !p.includes('\n'));
  const renamed = new Map<string, string>();
  let texts = await readBlobs(root, paths.flatMap((p) => [`${from}:${p}`, `${to}:${p}`]), env, decodeFileText);
  const gone = paths.filter((p) => texts.get(`${to}:${p}`) === undefined);
  if (gone.length > 0) {
    // A rebase onto a branch that renamed the file: follow the rename git itself detected.
    for (const [oldPath, newPath] of await renames(root, from, to, env)) if (gone.includes(oldPath)) renamed.set(oldPath, newPath);
    if (renamed.size > 0) texts = new Map([...texts, ...(await readBlobs(root, [...renamed.values()].map((p) => `${to}:${p}`), env, decodeFileText))]);
  }
  const files = [];
  for (const file of note.files) {
    const newPath = renamed.get(file.path) ?? file.path;
    const oldText = texts.get(`${from}:${file.path}`);
    const newText = texts.get(`${to}:${newPath}`);
    if (oldText === undefined || newText === undefined) {
      for (const region of file.regions) report.lost.push({ from, to, path: file.path, region });
      continue;
    }
    const { file: moved, lost } = carryFile(file, oldText, newText, newPath);
    for (const region of lost) report.lost.push({ from, to, path: file.path, region });
    if (moved.regions.length > 0) files.push(moved);
  }
  return { ...note, files };
}

/** Old path → new path of the renames between two commits (plumbing: names only, no content diff is produced). */
async function renames(root: string, from: string, to: string, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const fields = splitNul(await git(root, ['diff-tree', '-r', '-z', '-M', '--name-status', '--no-ext-diff', from, to], { env }));
  const map = new Map<string, string>();
  for (let k = 0; k < fields.length; ) {
    const status = fields[k];
    if (status.startsWith('R') || status.startsWith('C')) {
      map.set(fields[k + 1], fields[k + 2]);
      k += 3;
    } else {
      k += 2;
    }
  }
  return map;
}

/** Lines `old new` as git gives them to post-rewrite (and as a cherry-pick implies): the pairs to carry. */
export function parseRewriteList(text: string): Array<{ from: string; to: string }> {
  const pairs: Array<{ from: string; to: string }> = [];
  for (const line of text.split('\n')) {
    const [from, to] = line.trim().split(' ');
    if (from && to && /^[0-9a-f]{40,64}$/.test(from) && /^[0-9a-f]{40,64}$/.test(to)) pairs.push({ from, to });
  }
  return pairs;
}
