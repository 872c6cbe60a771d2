// For tools that can change any file (a shell command, a patch whose files we cannot read): the work tree's changed and
// untracked files, cheaply (`git status` lists them; only those are copied), before and after the tool.
import { CheckpointStore, FileBefore, readFileBefore, TreeCheckpoint } from '../core/agents/checkpoint';
import { decodeFileText } from '../core/tracking/fileText';
import { git, readBlobs, splitNul } from './git';
import { absolutePath, RepoContext } from './repoContext';

/** Paths that differ from the index: modified, added, deleted or untracked (each file of an untracked folder). */
export async function dirtyPaths(ctx: RepoContext, env?: NodeJS.ProcessEnv): Promise<string[]> {
  // --no-optional-locks: a hook must never take the index lock from under the user's own git command.
  const out = await git(ctx.repo.root, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], { env });
  return splitNul(out).map((entry) => entry.slice(3));
}

export async function takeTreeCheckpoint(ctx: RepoContext, env?: NodeJS.ProcessEnv): Promise<TreeCheckpoint> {
  const files: Record<string, FileBefore> = {};
  for (const repoPath of await dirtyPaths(ctx, env)) files[repoPath] = await readFileBefore(absolutePath(ctx, repoPath));
  return { files };
}

export interface TreeChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
  tooLarge?: boolean;
}

/**
 * What changed since `checkpoint` (or, without one, against the index): every file dirty before or after, with its
 * text before (the checkpoint's copy, else the index's, which a clean file equals) and now.
 */
export async function treeChanges(ctx: RepoContext, checkpoint: TreeCheckpoint | undefined, env?: NodeJS.ProcessEnv): Promise<TreeChange[]> {
  const now = await dirtyPaths(ctx, env);
  const candidates = [...new Set([...Object.keys(checkpoint?.files ?? {}), ...now])].sort();
  const fromIndex = candidates.filter((p) => !checkpoint?.files[p]);
  const indexed = await readBlobs(ctx.repo.root, fromIndex.map((p) => `:${p}`), env, decodeFileText);
  const out: TreeChange[] = [];
  for (const repoPath of candidates) {
    const kept = checkpoint?.files[repoPath];
    const current = await readFileBefore(absolutePath(ctx, repoPath));
    if (kept?.tooLarge || current.tooLarge) {
      out.push({ path: repoPath, before: undefined, after: undefined, tooLarge: true });
      continue;
    }
    const before = kept ? (kept.exists && kept.bytes ? decodeFileText(kept.bytes) : undefined) : indexed.get(`:${repoPath}`);
    const after = current.exists && current.bytes ? decodeFileText(current.bytes) : undefined;
    if (before !== after) out.push({ path: repoPath, before, after });
  }
  return out;
}

export { CheckpointStore };
