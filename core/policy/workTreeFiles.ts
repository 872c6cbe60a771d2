// Lists the files of a work tree without git: a bounded walk that never follows symlinks, for policy checks and drafts.
// We read the disk rather than run `git ls-files`: in an untrusted repository git may run configured programs.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WorkTreeFiles {
  /** Repository-relative paths, `/`-separated, sorted. Symlinks are listed as paths, never followed. */
  paths: string[];
  /** True when a bound stopped the walk: some files are missing, so "matches nothing" cannot be claimed. */
  truncated: boolean;
}

export interface WalkLimits {
  maxFiles?: number;
  maxDirs?: number;
}

/** Never listed: git's own data and installed dependencies are not the team's files. */
const SKIPPED = new Set(['.git', 'node_modules']);
export const MAX_FILES = 100_000;
export const MAX_DIRS = 20_000;
/** Folders read at once: enough to hide disk latency, few enough not to exhaust file descriptors. */
const PARALLEL = 16;

export async function listWorkTreeFiles(root: string, limits: WalkLimits = {}): Promise<WorkTreeFiles> {
  const maxFiles = limits.maxFiles ?? MAX_FILES;
  const maxDirs = limits.maxDirs ?? MAX_DIRS;
  const paths: string[] = [];
  let queue: string[] = [''];
  let visited = 0;
  let truncated = false;
  while (queue.length > 0) {
    const room = maxDirs - visited;
    if (room <= 0 || paths.length >= maxFiles) {
      truncated = true;
      break;
    }
    const batch = queue.slice(0, Math.min(PARALLEL, room));
    queue = queue.slice(batch.length);
    visited += batch.length;
    const listed = await Promise.all(
      batch.map((rel) => fs.promises.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => [] as fs.Dirent[])),
    );
    listed.forEach((entries, k) => {
      const rel = batch[k];
      for (const entry of entries) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        // Dirent describes the link itself, so a symlinked folder is a path here, never a way out of the tree.
        if (entry.isDirectory()) {
          if (!SKIPPED.has(entry.name)) queue.push(child);
        } else if (paths.length < maxFiles) {
          paths.push(child);
        } else {
          truncated = true;
        }
      }
    });
  }
  paths.sort();
  return { paths, truncated };
}
