// Unreviewed AI code that reached a commit anyway (`git commit --no-verify`, or no gate installed): found through the
// commits' notes with the bundled CLI's `verify`, and shown to the user, who can then review it after the fact.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitRepo } from '../core/git/gitRepo';
import { Log } from './log';

/** How far back to look on start: recent history is what a reviewer can still act on. */
const RECENT_COMMITS = 20;

export interface UnreviewedCommit {
  commit: string;
  subject: string;
  problems: { kind: string; path?: string; startLine?: number; endLine?: number; tier?: string; source?: string }[];
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 2) : 0;
      resolve({ code, out: stdout });
    });
  });
}

/** Runs `loadbearing verify` over the last commits of HEAD; never in an untrusted workspace (it runs git). */
export async function findUnreviewedCommits(context: vscode.ExtensionContext, repo: GitRepo, log: Log): Promise<UnreviewedCommit[]> {
  if (!vscode.workspace.isTrusted) return [];
  const count = await run('git', ['rev-list', '--count', 'HEAD'], repo.root);
  const total = Number(count.out.trim());
  if (count.code !== 0 || !Number.isFinite(total) || total === 0) return [];
  const range = total > RECENT_COMMITS ? [`HEAD~${RECENT_COMMITS}..HEAD`] : ['HEAD'];
  const cli = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const result = await run(process.execPath, [cli, 'verify', ...range, '--json'], repo.root, { ...process.env, ELECTRON_RUN_AS_NODE: '1' });
  if (result.code === 2) {
    log.error(`verify over ${range.join(' ')} failed`);
    return [];
  }
  try {
    const report = JSON.parse(result.out) as { commits: (UnreviewedCommit & { problems: UnreviewedCommit['problems'] })[] };
    return report.commits
      .map((c) => ({ commit: c.commit, subject: c.subject, problems: c.problems.filter((p) => p.kind === 'unacknowledged') }))
      .filter((c) => c.problems.length > 0);
  } catch (error) {
    log.error('could not read the verify report', error);
    return [];
  }
}

/** A one-line description of what reached a commit unreviewed. */
export function describeUnreviewed(commits: UnreviewedCommit[]): string {
  const regions = commits.reduce((n, c) => n + c.problems.length, 0);
  const first = commits[0];
  const example = first.problems[0];
  const where = example?.path ? ` (e.g. ${first.commit.slice(0, 7)}: ${example.path}:${example.startLine}-${example.endLine})` : '';
  return `${regions} unreviewed AI edit${regions === 1 ? '' : 's'} in load-bearing files reached ${commits.length === 1 ? 'a commit' : `${commits.length} commits`}${where}, committed with --no-verify or without the gate.`;
}
