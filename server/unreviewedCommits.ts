// Unreviewed AI code that reached a commit anyway (`git commit --no-verify`, or no gate installed): found through the
// commits' notes with the bundled CLI's `verify --json`, run by the server only once the workspace is trusted.
import * as path from 'node:path';
import { GitRepo } from '../core/git/gitRepo';
import { runGit, runProcess } from '../core/git/run';
import { VerifyReport } from '../core/git/verifyReport';
import { UnreviewedCommit } from '../core/protocol';

/** How far back to look: recent history is what a reviewer can still act on. */
const RECENT_COMMITS = 20;

/** The CLI bundled next to this server (dist/cli.js beside dist/server.js). */
export const BUNDLED_CLI = path.join(__dirname, 'cli.js');

export interface UnreviewedOptions {
  cli?: string;
  log: { error(message: string): void };
}

/** Runs `loadbearing verify --json` over the last commits of HEAD. The caller checks trust: this runs git and the CLI. */
export async function findUnreviewedCommits(repo: GitRepo, options: UnreviewedOptions): Promise<UnreviewedCommit[]> {
  let total: number;
  try {
    total = Number((await runGit(['rev-list', '--count', 'HEAD'], { cwd: repo.root })).toString('utf8').trim());
  } catch {
    return []; // no commit yet
  }
  if (!Number.isFinite(total) || total === 0) return [];
  const range = total > RECENT_COMMITS ? [`HEAD~${RECENT_COMMITS}..HEAD`] : ['HEAD'];
  // Under VS Code the server runs on Electron's binary, which behaves as Node with this set (as git's askpass does).
  const result = await runProcess(process.execPath, [options.cli ?? BUNDLED_CLI, 'verify', ...range, '--json'], {
    cwd: repo.root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (result.code !== 0 && result.code !== 1) {
    options.log.error(`verify over ${range.join(' ')} in ${repo.root} failed: ${(result.stderr.trim() || result.failure) ?? `exit code ${result.code}`}`);
    return [];
  }
  try {
    const report = JSON.parse(result.stdout.toString('utf8')) as VerifyReport;
    return report.commits
      .map((c) => ({ commit: c.commit, subject: c.subject, problems: c.problems.filter((p) => p.kind === 'unacknowledged') }))
      .filter((c) => c.problems.length > 0);
  } catch (error) {
    options.log.error(`could not read the verify report of ${repo.root}: ${String(error)}`);
    return [];
  }
}
