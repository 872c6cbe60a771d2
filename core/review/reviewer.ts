// Who is reviewing: git's user.name and user.email, as the repository's configuration resolves them.
import { execFile } from 'node:child_process';
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

function configValue(cwd: string, key: string, lookup: ReviewerLookup): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    // `git config` reads configuration only: it runs no configured programs, so it is safe in any repository.
    execFile(lookup.git ?? 'git', ['config', '--get', key], { cwd, env: lookup.env ?? process.env }, (error, stdout) => {
      if (!error) return resolve(stdout.trim() || undefined);
      // Exit 1 means "not set"; anything else (no git, not a repository) is a real failure.
      if ((error as { code?: unknown }).code === 1) return resolve(undefined);
      reject(new Error(`could not read git ${key}: ${error.message.trim()}`));
    });
  });
}
