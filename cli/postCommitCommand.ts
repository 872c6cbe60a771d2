// `loadbearing post-commit` (internal, run by the post-commit hook): the committed regions leave the working ledger
// and their record goes into a git note on refs/notes/loadbearing for the new commit; a cherry-pick also gets the
// picked commit's note.
import { decodeFileText } from '../core/tracking/fileText';
import { FileEntry } from '../core/ledger/ledger';
import { CommitNote, NOTE_VERSION, noteFile, NOTES_REF_SHORT, parseNote } from '../core/git/gitNotes';
import { mergeNotes } from '../core/git/noteCarry';
import { reanchor } from '../core/tracking/reanchor';
import { normalize, Region } from '../core/tracking/regionTracker';
import { regionsForText, viewRegions } from '../core/ledger/regionView';
import { parseCommandArgs, rejectExtraPositionals } from './args';
import { git, readBlobs, splitNul } from './git';
import { carryNotes, writeNote } from './noteStore';
import { workTreeTiers } from './policy';
import { openRepo, readLedger } from './repoContext';
import { readWorkText } from './workTree';
import type { CliCommand } from './command';

export const postCommitCommand: CliCommand = {
  name: 'post-commit',
  usage: 'post-commit',
  summary: '(internal, run by the post-commit hook) Move the committed regions into a git note.',
  internal: true,
  async run(args, io) {
    const parsed = parseCommandArgs(args, {});
    rejectExtraPositionals(parsed);
    const env = io.env ?? process.env;
    const ctx = openRepo(io);
    const root = ctx.repo.root;
    const read = await readLedger(ctx);
    if ('problem' in read) {
      // No note rather than a wrong one: `verify` then reports this commit.
      io.err('Loadbearing: no note written for this commit, because:');
      for (const line of read.problem) io.err(line);
      return 1;
    }
    const { ledger } = read;
    const head = (await git(root, ['rev-parse', '--verify', 'HEAD'], { env })).trim();
    // A path with a line break cannot be asked of `git cat-file --batch`; such a file stays in the working ledger.
    const committed = (await committedPaths(root, head, env)).filter((p) => ledger.files[p] !== undefined && !p.includes('\n'));
    const blobs = await readBlobs(root, committed.map((p) => `${head}:${p}`), env, decodeFileText);
    const tierOf = workTreeTiers(root);

    const note: CommitNote = { loadbearing: NOTE_VERSION, files: [] };
    const files: Record<string, FileEntry | null> = {};
    const updated = new Date().toISOString();
    for (const path of committed) {
      const headText = blobs.get(`${head}:${path}`);
      if (headText === undefined) continue;
      const inHead = regionsForText(ledger, path, headText);
      if (inHead.length === 0) continue;
      const entry = noteFile(ledger, path, tierOf(path), viewRegions(ledger, inHead, headText), headText);
      if (entry.regions.length > 0) note.files.push(entry);
      // What stays in the working ledger: the file's regions on disk minus the text that is now committed.
      const diskText = (await readWorkText(ctx, path)) ?? '';
      const onDisk = regionsForText(ledger, path, diskText);
      const remaining = subtract(onDisk, reanchor(headText, diskText, inHead));
      files[path] = remaining.length > 0 ? { snapshot: diskText, regions: remaining, updated } : null;
    }

    // The note first: if it cannot be written, the regions stay in the ledger and nothing is lost. A note already on
    // this commit (an amend that produced the same commit id within one second) is kept and added to.
    const existing = await currentNote(root, head, env);
    await writeNote(root, head, existing ? mergeNotes([existing, note]) : note, env);
    if (Object.keys(files).length > 0) await ctx.store.update({ files, prune: true });
    // A cherry-pick makes a new commit of an old one's change: its AI lines (already out of the ledger) come along.
    const picked = await cherryPickedFrom(root, head, env);
    if (picked !== undefined) {
      const carried = await carryNotes(root, [{ from: picked, to: head }], env);
      for (const line of carried.skipped) io.err(`Loadbearing: ${line}`);
    }
    await ctx.store.audit({
      type: 'commit',
      commit: head,
      files: note.files.map((f) => ({ path: f.path, regions: f.regions.length, unacknowledged: f.regions.filter((r) => !r.ack).length })),
    });
    return 0;
  },
};

/** The valid note the commit already has, if any. */
async function currentNote(root: string, commit: string, env: NodeJS.ProcessEnv): Promise<CommitNote | undefined> {
  let text: string;
  try {
    text = await git(root, ['notes', '--ref', NOTES_REF_SHORT, 'show', commit], { env });
  } catch {
    return undefined;
  }
  try {
    return parseNote(text);
  } catch {
    return undefined; // not ours to keep: replaced by a valid one
  }
}

/**
 * The commit a cherry-pick copied: git keeps CHERRY_PICK_HEAD while it runs post-commit (checked with git 2.39, also
 * when a conflicted pick is committed by hand); else the `-x` trailer names it.
 */
async function cherryPickedFrom(root: string, head: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    return (await git(root, ['rev-parse', '-q', '--verify', 'CHERRY_PICK_HEAD^{commit}'], { env })).trim();
  } catch {
    // not cherry-picking
  }
  const message = await git(root, ['log', '-1', '--format=%B', head], { env });
  const trailers = [...message.matchAll(/^\(cherry picked from commit ([0-9a-f]{40,64})\)$/gm)];
  const named = trailers.length > 0 ? trailers[trailers.length - 1][1] : undefined;
  if (named === undefined) return undefined;
  try {
    return (await git(root, ['rev-parse', '-q', '--verify', `${named}^{commit}`], { env })).trim();
  } catch {
    return named; // the original is not here (fetched notes only): its note can still be looked up, not re-anchored
  }
}

/** Files the commit added or changed, against its first parent (all of them for a root commit). */
async function committedPaths(root: string, head: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const parents = (await git(root, ['rev-list', '--parents', '-n', '1', head], { env })).trim().split(' ').slice(1);
  const range = parents.length > 0 ? [parents[0], head] : ['--root', head];
  return splitNul(await git(root, ['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', '--no-renames', '--diff-filter=ACMT', ...range], { env }));
}

/** `regions` without the characters covered by `removed`. */
function subtract(regions: readonly Region[], removed: readonly Region[]): Region[] {
  const cut = normalize(removed.map((r) => ({ ...r })));
  const out: Region[] = [];
  for (const r of regions) {
    let start = r.start;
    for (const c of cut) {
      if (c.end <= start || c.start >= r.end) continue;
      if (c.start > start) out.push({ origin: r.origin, start, end: c.start });
      start = Math.max(start, c.end);
      if (start >= r.end) break;
    }
    if (start < r.end) out.push({ origin: r.origin, start, end: r.end });
  }
  return normalize(out);
}
