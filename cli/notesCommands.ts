// `loadbearing notes-merge <ref>` and `loadbearing fetch-notes [remote] [--push]`: share refs/notes/loadbearing between
// clones without ever losing a local note. Where both sides have a note for a commit, the two JSON notes are unioned
// (git's `cat_sort_uniq` would concatenate them into invalid JSON, `theirs`/`ours` would drop one side's records).
import { NOTES_REF, NoteFormatError } from '../core/git/gitNotes';
import { canonical, mergeNotes } from '../core/git/noteCarry';
import { parseCommandArgs, rejectExtraPositionals } from './args';
import { GitError } from '../core/git/run';
import { git } from './git';
import { noteBlobs, readNoteBlobs, writeNote } from './noteStore';
import { openRepo } from './repoContext';
import { type CliCommand, UsageError } from './command';

/** Where fetch-notes puts the remote's notes before merging them (removed afterwards). */
const FETCHED_REF = 'refs/notes/loadbearing-fetched';

export interface NotesMergeReport {
  /** Notes only the other side had, now here. */
  added: number;
  /** Commits both sides had different notes for, now unioned. */
  unioned: number;
  /** Conflicts where a side's note was not valid JSON of ours: the valid one is kept, with why. */
  kept: string[];
}

/** Merges the notes of `ref` into refs/notes/loadbearing: union per commit, history joined so a push fast-forwards. */
export async function mergeNotesRef(root: string, ref: string, env: NodeJS.ProcessEnv): Promise<NotesMergeReport> {
  const theirs = await noteBlobs(root, env, ref);
  const ours = await noteBlobs(root, env);
  const report: NotesMergeReport = { added: [...theirs.keys()].filter((c) => !ours.has(c)).length, unioned: 0, kept: [] };
  const hasLocal = await refExists(root, NOTES_REF, env);
  if (!hasLocal) {
    await git(root, ['update-ref', NOTES_REF, ref], { env });
    return report;
  }
  // First git's own merge with local notes winning every conflict: it adds the other side's notes and makes a merge
  // commit, so our ref now descends from theirs. Then each conflict gets the union of both notes.
  await git(root, ['notes', '--ref', NOTES_REF, 'merge', '-q', '-s', 'ours', ref], { env });
  const conflicts = [...theirs].filter(([commit, blob]) => ours.has(commit) && ours.get(commit) !== blob);
  const notes = await readNoteBlobs(root, conflicts.flatMap(([commit, blob]) => [blob, ours.get(commit) as string]), env);
  for (const [commit, blob] of conflicts) {
    const mine = notes.get(ours.get(commit) as string);
    const other = notes.get(blob);
    const short = commit.slice(0, 12);
    if (other instanceof NoteFormatError || other === undefined) {
      report.kept.push(`${short}: kept the local note; the fetched one is invalid (${other?.message ?? 'unreadable'})`);
      continue;
    }
    if (mine instanceof NoteFormatError || mine === undefined) {
      await writeNote(root, commit, other, env);
      report.kept.push(`${short}: took the fetched note; the local one is invalid (${mine?.message ?? 'unreadable'})`);
      continue;
    }
    const merged = mergeNotes([mine, other]);
    if (canonical(merged) !== canonical(mine)) await writeNote(root, commit, merged, env);
    report.unioned++;
  }
  return report;
}

async function refExists(root: string, ref: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await git(root, ['rev-parse', '-q', '--verify', `${ref}^{commit}`], { env });
    return true;
  } catch {
    return false;
  }
}

function printReport(report: NotesMergeReport, from: string, out: (text: string) => void, err: (text: string) => void): void {
  for (const line of report.kept) err(`Loadbearing: ${line}`);
  out(`merged Loadbearing notes from ${from}: ${report.added} new, ${report.unioned} unioned with local notes`);
}

export const notesMergeCommand: CliCommand = {
  name: 'notes-merge',
  usage: 'notes-merge <notes-ref>',
  summary: 'Union-merge another notes ref (e.g. fetched from a remote) into refs/notes/loadbearing.',
  details: [
    'For each commit with a note on only one side the note is taken; where both sides have one, the result holds every',
    'region of both (a region acknowledged on one side and not on the other stays unacknowledged, the safe side).',
    'The local ref then descends from the merged one, so `git push <remote> refs/notes/loadbearing` fast-forwards.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, {});
    if (parsed.positionals.length !== 1) throw new UsageError('give the notes ref to merge, e.g. refs/notes/loadbearing-origin');
    const arg = parsed.positionals[0];
    // `git notes` reads a ref outside refs/notes/ as a name inside it: refuse rather than merge the wrong thing.
    const ref = arg.startsWith('refs/') ? arg : `refs/notes/${arg}`;
    if (!ref.startsWith('refs/notes/') || ref === NOTES_REF) throw new UsageError(`give another ref under refs/notes/ (not ${arg}); copy it there with git update-ref first`);
    const env = io.env ?? process.env;
    const ctx = openRepo(io);
    if (!(await refExists(ctx.repo.root, ref, env))) throw new UsageError(`no such ref: ${ref}`);
    printReport(await mergeNotesRef(ctx.repo.root, ref, env), ref, io.out, io.err);
    return 0;
  },
};

export const fetchNotesCommand: CliCommand = {
  name: 'fetch-notes',
  usage: 'fetch-notes [remote] [--push]',
  summary: "Fetch a remote's Loadbearing notes and union them with the local ones (--push: then push the result).",
  details: [
    'Fetches refs/notes/loadbearing of the remote (default origin) into a temporary ref, never over the local notes,',
    'merges it with `notes-merge`, and with --push pushes refs/notes/loadbearing back (a fast-forward after the merge).',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { push: { type: 'boolean' } });
    rejectExtraPositionals(parsed, 1);
    const remote = parsed.positionals[0] ?? 'origin';
    if (remote.startsWith('-')) throw new UsageError(`not a remote: ${remote}`);
    const env = io.env ?? process.env;
    const root = openRepo(io).repo.root;
    let fetched = true;
    try {
      await git(root, ['fetch', '-q', '--no-write-fetch-head', remote, `+${NOTES_REF}:${FETCHED_REF}`], { env });
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      if (!/couldn't find remote ref/i.test(error.stderr)) throw new UsageError(`cannot fetch the notes from ${remote}: ${error.message}`);
      fetched = false;
    }
    try {
      if (fetched) printReport(await mergeNotesRef(root, FETCHED_REF, env), remote, io.out, io.err);
      else io.out(`${remote} has no Loadbearing notes yet`);
    } finally {
      if (fetched) await git(root, ['update-ref', '-d', FETCHED_REF], { env });
    }
    if (parsed.values.push === true && (await refExists(root, NOTES_REF, env))) {
      try {
        await git(root, ['push', '-q', remote, `${NOTES_REF}:${NOTES_REF}`], { env });
      } catch (error) {
        if (!(error instanceof GitError)) throw error;
        io.err(`Loadbearing: the push was refused (someone pushed notes meanwhile?): ${error.message}; run fetch-notes --push again`);
        return 1;
      }
      io.out(`pushed ${NOTES_REF} to ${remote}`);
    }
    return 0;
  },
};
