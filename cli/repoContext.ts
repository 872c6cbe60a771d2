// What every command needs first: the repository around the current folder, its ledger, and paths relative to it.
import * as path from 'node:path';
import { clearRepoCache, findRepo, GitRepo, repoRelative } from '../core/git/gitRepo';
import { Ledger, LedgerFormatError } from '../core/ledger/ledger';
import { describeCorruptLedger, LedgerStore } from '../core/ledger/ledgerStore';
import { type CliIo, UsageError } from './command';

export interface RepoContext {
  repo: GitRepo;
  store: LedgerStore;
}

export function openRepo(io: CliIo): RepoContext {
  // A CLI run is short; a fresh lookup keeps in-process callers (tests, the extension) from seeing a stale cache.
  clearRepoCache();
  const repo = findRepo(io.cwd);
  if (!repo) throw new UsageError(`not inside a git repository (${io.cwd})`);
  return { repo, store: new LedgerStore(repo.gitDir) };
}

/** A path argument (relative to the current folder) as a repository-relative path; a usage error outside the repository. */
export function repoPathArg(ctx: RepoContext, io: CliIo, arg: string): string {
  const rel = repoRelative(ctx.repo, path.resolve(io.cwd, arg));
  if (rel === undefined) throw new UsageError(`${arg} is not inside the repository ${ctx.repo.root}`);
  if (rel === '.git' || rel.startsWith('.git/')) throw new UsageError(`${arg} is inside the git directory`);
  return rel;
}

export function absolutePath(ctx: RepoContext, repoPath: string): string {
  return path.join(ctx.repo.root, ...repoPath.split('/'));
}

/** Why the ledger cannot be trusted right now (corrupted, or a corrupted one moved aside), with how to recover; empty when fine. */
export function ledgerProblems(ctx: RepoContext): string[] {
  const quarantined = ctx.store.quarantinedSync();
  if (quarantined.length === 0) return [];
  return [
    ...quarantined.map((file) => `Loadbearing: ${describeCorruptLedger(ctx.store.file, file)}; what it recorded is not known to the gate.`),
    'To recover: inspect it, then delete it to accept losing its records (the AI edits it recorded will no longer be gated),',
    `or restore a good copy as ${ctx.store.file}. Until then commits are refused; to bypass once: git commit --no-verify`,
  ];
}

/** Reads the ledger strictly; on corruption returns the lines explaining it instead. */
export async function readLedger(ctx: RepoContext): Promise<{ ledger: Ledger } | { problem: string[] }> {
  return strictly(ctx, async () => ({ ledger: await ctx.store.readStrict() }));
}

/** `read`, or on a corrupted ledger (LedgerFormatError) the lines explaining it; used by every strict read of the CLI. */
export async function strictly<T>(ctx: RepoContext, read: () => T | Promise<T>): Promise<T | { problem: string[] }> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof LedgerFormatError)) throw error;
    return {
      problem: [
        `Loadbearing: ${describeCorruptLedger(ctx.store.file, undefined, error.message)}.`,
        'To recover: restore a good copy, or move it aside (e.g. open the repository in VS Code with Loadbearing, or run',
        "'loadbearing status --repair', which moves it next to itself as ledger.corrupt-<time>.json) and then delete the moved file",
        'to accept losing its records. Until then commits are refused; to bypass once: git commit --no-verify',
      ],
    };
  }
}
