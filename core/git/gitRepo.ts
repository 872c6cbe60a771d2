// Finds a path's git repository (work tree root and git directory) by reading .git on disk, never by running git:
// in an untrusted repository even `git status` can run configured programs (core.fsmonitor), so we do not spawn it here.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GitRepo {
  /** The work tree root (absolute). */
  root: string;
  /** This work tree's git directory: `.git`, or `.git/worktrees/<name>` for a linked worktree. */
  gitDir: string;
  /** The directory shared by all worktrees (hooks, config, refs). */
  commonDir: string;
}

const cache = new Map<string, GitRepo | undefined>();

/** The repository containing `absPath` (a file or folder), or undefined when it is in none. */
export function findRepo(absPath: string): GitRepo | undefined {
  let dir = path.resolve(absPath);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  const visited: string[] = [];
  for (;;) {
    if (cache.has(dir)) return remember(visited, cache.get(dir));
    visited.push(dir);
    const repo = repoAt(dir);
    if (repo) return remember(visited, repo);
    const parent = path.dirname(dir);
    if (parent === dir) return remember(visited, undefined);
    dir = parent;
  }
}

export function clearRepoCache(): void {
  cache.clear();
}

function remember(dirs: string[], repo: GitRepo | undefined): GitRepo | undefined {
  for (const dir of dirs) cache.set(dir, repo);
  return repo;
}

function repoAt(dir: string): GitRepo | undefined {
  const dotGit = path.join(dir, '.git');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dotGit);
  } catch {
    return undefined;
  }
  let gitDir = dotGit;
  if (stat.isFile()) {
    // A linked worktree or submodule: `.git` is a file saying `gitdir: <path>`.
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
    if (!match) return undefined;
    gitDir = path.resolve(dir, match[1]);
  } else if (!stat.isDirectory() || !fs.existsSync(path.join(dotGit, 'HEAD'))) {
    return undefined;
  }
  const common = readText(path.join(gitDir, 'commondir'))?.trim();
  const commonDir = common ? path.resolve(gitDir, common) : gitDir;
  return { root: dir, gitDir, commonDir };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `absPath` relative to the repository root with `/` separators, or undefined when it lies outside. */
export function repoRelative(repo: GitRepo, absPath: string): string | undefined {
  const rel = path.relative(repo.root, path.resolve(absPath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
