// Who is reviewing: git's user.name and user.email, as the repository's configuration resolves them.
import { runProcess } from '../git/run';
import type { Reviewer } from '../ledger/ledger';

export interface ReviewerLookup {
  /** The git executable (VS Code's git extension may know a better one than PATH's). */
  git?: string;
  env?: NodeJS.ProcessEnv;
}

/** The reviewer configured for the repository at `cwd`, or undefined when user.name or user.email is unset. */
export async function readReviewer(cwd: string, lookup: ReviewerLookup = {}): Promise<Reviewer | undefined> {
  const [name, email] = await Promise.all([configValue(cwd, 'user.name', lookup), configValue(cwd, 'user.email', lookup)]);
  if (!name || !email) return undefined;
  return { name, email };
}

/** How to fix a missing identity, for the message that refuses a review without one. */
export const REVIEWER_HELP =
  'set your git identity first: git config user.name "Your Name" && git config user.email you@example.com (add --global for every repository)';

export function reviewerLabel(reviewer: Reviewer): string {
  return `${reviewer.name} <${reviewer.email}>`;
}

async function configValue(cwd: string, key: string, lookup: ReviewerLookup): Promise<string | undefined> {
  // `git config` reads configuration only: it runs no configured programs, so it is safe in any repository.
  const result = await runProcess(lookup.git ?? 'git', ['config', '--get', key], { cwd, env: lookup.env });
  if (result.code === 0) return result.stdout.toString('utf8').trim() || undefined;
  // Exit 1 means "not set"; anything else (no git, not a repository) is a real failure.
  if (result.code === 1) return undefined;
  throw new Error(`could not read git ${key}: ${(result.failure ?? (result.stderr.trim() || `exit code ${result.code}`)).trim()}`);
}
