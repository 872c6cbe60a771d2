// `loadbearing verify <rev-range> [--json]`, for CI: every commit that touched a gated path must carry a note whose AI
// lines there are all acknowledged. Tiers come from each commit's own `.loadbearing` files, never the work tree.
import type { Tier } from '../core/tier';
import { CommitNote, NoteFormatError, parseNote } from '../core/git/gitNotes';
import { gateTiers, parseCommandArgs, stringValue } from './args';
import { GitError } from '../core/git/run';
import { git, readBlobs, splitNul } from './git';
import { Candidate, loadCandidates } from './contentMatch';
import { noteBlobs } from './noteStore';
import { commitTiers } from './policy';
import { matchCommit } from './verifyByContent';
import type { VerifyCommit, VerifyReport } from '../core/git/verifyReport';
import { openRepo } from './repoContext';
import { type CliCommand, UsageError } from './command';

export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify <rev-range> [--json]',
  summary: 'For CI: fail on commits with unacknowledged AI code in gated paths.',
  details: [
    'For each non-merge commit of the range (as git rev-list takes it, e.g. origin/main..HEAD), the paths it changed',
    "that are gated (--tiers, default critical,high) under that commit's .loadbearing files must have a note on",
    'refs/notes/loadbearing with every AI region acknowledged. A commit with no note (hook bypassed with --no-verify',
    "or not installed) is reported too, unless AI lines of other commits' notes are found in its changes by content",
    '(a squash merge made on a server): then those lines must be acknowledged, as must such lines a note does not',
    'cover. Exit 1 on any problem. In CI, fetch the notes first:',
    '  git fetch origin refs/notes/loadbearing:refs/notes/loadbearing',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, tiers: { type: 'string' } });
    if (parsed.positionals.length === 0) throw new UsageError('give a revision range, e.g. origin/main..HEAD');
    const env = io.env ?? process.env;
    const tiers = gateTiers(stringValue(parsed, 'tiers'), env);
    const ctx = openRepo(io);
    const root = ctx.repo.root;
    let commits: string[];
    try {
      commits = splitLines(await git(root, ['rev-list', '--no-merges', ...parsed.positionals, '--'], { env }));
    } catch (error) {
      if (error instanceof GitError) throw new UsageError(`bad revision range ${parsed.positionals.join(' ')}: ${error.message}`);
      throw error;
    }
    const notes = await noteBlobs(root, env);
    const candidates = await loadCandidates(root, notes, commits, env);
    const report: VerifyReport = { range: parsed.positionals, tiers, ok: true, commits: [] };
    for (const commit of commits) {
      const result = await verifyCommit(root, commit, tiers, notes, candidates, env);
      if (result.problems.length > 0) report.ok = false;
      report.commits.push(result);
    }
    if (parsed.values.json === true) io.out(JSON.stringify(report, null, 2));
    else printReport(report, io.out);
    return report.ok ? 0 : 1;
  },
};

async function verifyCommit(
  root: string,
  commit: string,
  tiers: readonly string[],
  notes: Map<string, string>,
  candidates: Map<string, Candidate[]>,
  env: NodeJS.ProcessEnv,
): Promise<VerifyCommit> {
  const subject = (await git(root, ['log', '-1', '--format=%s', commit], { env })).trim();
  const parents = (await git(root, ['rev-list', '--parents', '-n', '1', commit], { env })).trim().split(' ').slice(1);
  const range = parents.length > 0 ? [parents[0], commit] : ['--root', commit];
  const touched = splitNul(await git(root, ['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', '--no-renames', '--diff-filter=ACMT', ...range], { env }));
  const result: VerifyCommit = { commit, subject, gatedPaths: [], note: 'not-needed', problems: [] };
  if (touched.length === 0) return result;
  const tierOf = await commitTiers(root, commit, env);
  const tierByPath = new Map<string, string>();
  for (const path of touched) {
    const tier = tierOf(path);
    if (tier !== null && tiers.includes(tier as Tier)) tierByPath.set(path, tier);
  }
  result.gatedPaths = [...tierByPath.keys()];
  if (result.gatedPaths.length === 0) return result;

  const noteBlob = notes.get(commit);
  let note: CommitNote | undefined;
  if (noteBlob !== undefined) {
    const noteText = (await readBlobs(root, [noteBlob], env)).get(noteBlob) ?? '';
    try {
      note = parseNote(noteText);
    } catch (error) {
      if (!(error instanceof NoteFormatError)) throw error;
      result.note = 'invalid';
      result.problems.push({ kind: 'invalid-note', detail: `the Loadbearing note is invalid: ${error.message}` });
      return result;
    }
    result.note = 'present';
    for (const file of note.files) {
      const tier = tierByPath.get(file.path);
      if (tier === undefined) continue;
      for (const r of file.regions) {
        if (r.ack) {
          (result.acknowledged ??= []).push({ path: file.path, startLine: r.startLine, endLine: r.endLine, tier, source: r.source, ack: r.ack });
          continue;
        }
        result.problems.push({ kind: 'unacknowledged', path: file.path, startLine: r.startLine, endLine: r.endLine, tier, source: r.source });
      }
    }
  }
  const found = await matchCommit(root, commit, parents[0], tierByPath, note, candidates, env);
  result.problems.push(...found.problems);
  if (found.unmatched.length > 0) result.unmatched = found.unmatched;
  if (note === undefined) {
    if (found.matched) {
      result.note = 'matched';
    } else {
      result.note = 'missing';
      result.problems.push({ kind: 'no-note', detail: 'no Loadbearing note: the hook was bypassed (--no-verify) or not installed' });
    }
  }
  return result;
}

function printReport(report: VerifyReport, out: (text: string) => void): void {
  let problems = 0;
  for (const c of report.commits) {
    for (const p of c.problems) {
      problems++;
      const head = `${c.commit.slice(0, 12)} ${c.subject}`;
      const from = p.fromCommit ? ` (found by content: AI lines of ${p.fromCommit.slice(0, 12)})` : '';
      if (p.kind === 'unacknowledged') out(`${head}: ${p.path}:${p.startLine}-${p.endLine}  ${p.tier}  ${p.source}  not acknowledged${from}`);
      else out(`${head}: ${p.detail}; gated paths: ${c.gatedPaths.join(', ')}`);
    }
    if (c.note === 'matched') out(`${c.commit.slice(0, 12)} ${c.subject}: no note of its own; AI lines matched by content with the notes of other commits (a squash merge?)`);
    for (const u of c.unmatched ?? []) {
      out(`${c.commit.slice(0, 12)} ${c.subject}: could not match ${u.missing} line${u.missing === 1 ? '' : 's'} of ${u.path}:${u.startLine}-${u.endLine} from ${u.commit.slice(0, 12)} (changed or removed before this commit)`);
    }
  }
  const n = report.commits.length;
  out(`Loadbearing verify: ${n} commit${n === 1 ? '' : 's'} checked, ${problems === 0 ? 'no problems' : `${problems} problem${problems === 1 ? '' : 's'}`}.`);
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}
