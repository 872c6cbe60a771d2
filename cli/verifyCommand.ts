// `loadbearing verify <rev-range> [--json]`, for CI: every commit that touched a gated path must carry a note whose AI
// lines there are all acknowledged. Tiers come from each commit's own `.loadbearing` files, never the work tree.
import { GateTier } from '../core/commitGate';
import { NoteAck, NOTES_REF_SHORT, NoteFormatError, parseNote } from '../core/gitNotes';
import type { CliCommand } from './commandTable';
import { parseCommandArgs, stringValue } from './args';
import { gateTiers } from './checkCommand';
import { git, GitError, readBlobs, splitNul } from './git';
import { commitTiers } from './policy';
import { openRepo } from './repoContext';
import { UsageError } from './usageError';

export interface VerifyProblem {
  kind: 'no-note' | 'invalid-note' | 'unacknowledged';
  path?: string;
  startLine?: number;
  endLine?: number;
  tier?: string;
  source?: string;
  detail?: string;
}

export interface VerifyCommit {
  commit: string;
  subject: string;
  /** Paths the commit added or changed that are in a gated tier at that commit. */
  gatedPaths: string[];
  note: 'present' | 'missing' | 'invalid' | 'not-needed';
  problems: VerifyProblem[];
  /** The acknowledged AI regions in gated paths, with who acknowledged them and the evidence they recorded. */
  acknowledged?: VerifyAcknowledged[];
}

export interface VerifyAcknowledged {
  path: string;
  startLine: number;
  endLine: number;
  tier: string;
  source: string;
  ack: NoteAck;
}

export interface VerifyReport {
  range: string[];
  tiers: string[];
  ok: boolean;
  commits: VerifyCommit[];
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify <rev-range> [--json]',
  summary: 'For CI: fail on commits with unacknowledged AI code in gated paths.',
  details: [
    'For each non-merge commit of the range (as git rev-list takes it, e.g. origin/main..HEAD), the paths it changed',
    "that are gated (--tiers, default critical,high) under that commit's .loadbearing files must have a note on",
    'refs/notes/loadbearing with every AI region acknowledged. A commit with no note (hook bypassed with --no-verify',
    'or not installed) is reported too. Exit 1 on any problem. In CI, fetch the notes first:',
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
    const report: VerifyReport = { range: parsed.positionals, tiers, ok: true, commits: [] };
    for (const commit of commits) {
      const result = await verifyCommit(root, commit, tiers, notes, env);
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
    if (tier !== null && tiers.includes(tier as GateTier)) tierByPath.set(path, tier);
  }
  result.gatedPaths = [...tierByPath.keys()];
  if (result.gatedPaths.length === 0) return result;

  const noteBlob = notes.get(commit);
  if (noteBlob === undefined) {
    result.note = 'missing';
    result.problems.push({ kind: 'no-note', detail: 'no Loadbearing note: the hook was bypassed (--no-verify) or not installed' });
    return result;
  }
  const noteText = (await readBlobs(root, [noteBlob], env)).get(noteBlob) ?? '';
  let note;
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
  return result;
}

/** Commit id → note blob id, for every note on refs/notes/loadbearing (none when the ref does not exist). */
async function noteBlobs(root: string, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  let out: string;
  try {
    out = await git(root, ['notes', '--ref', NOTES_REF_SHORT, 'list'], { env });
  } catch {
    return map;
  }
  for (const line of splitLines(out)) {
    const [blob, commit] = line.split(' ');
    if (blob && commit) map.set(commit, blob);
  }
  return map;
}

function printReport(report: VerifyReport, out: (text: string) => void): void {
  let problems = 0;
  for (const c of report.commits) {
    for (const p of c.problems) {
      problems++;
      const head = `${c.commit.slice(0, 12)} ${c.subject}`;
      if (p.kind === 'unacknowledged') out(`${head}: ${p.path}:${p.startLine}-${p.endLine}  ${p.tier}  ${p.source}  not acknowledged`);
      else out(`${head}: ${p.detail}; gated paths: ${c.gatedPaths.join(', ')}`);
    }
  }
  const n = report.commits.length;
  out(`Loadbearing verify: ${n} commit${n === 1 ? '' : 's'} checked, ${problems === 0 ? 'no problems' : `${problems} problem${problems === 1 ? '' : 's'}`}.`);
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}
