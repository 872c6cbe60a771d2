// Finds and parses every `.loadbearing` file of a work tree and builds the matcher that answers "what tier is this path".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePolicy } from './policyParser';
import { PolicyMatcher } from './policyMatcher';
import type { ParsedPolicy } from './policyTypes';

export const POLICY_FILE = '.loadbearing';

export interface PolicyFile {
  /** Repository-relative path of the policy file, `/`-separated. */
  path: string;
  parsed: ParsedPolicy;
}

export interface LoadedPolicy {
  matcher: PolicyMatcher;
  files: PolicyFile[];
}

/** Folders never searched for policy files: tool caches and dependencies are not the team's code. */
const SKIPPED = new Set(['.git', 'node_modules', '.vscode-test', 'out', 'dist', 'build', 'target', '.venv', 'vendor']);
/** Bounds for hostile trees: no walk takes unbounded time. */
const MAX_DIRS = 20_000;
const MAX_POLICY_BYTES = 2 * 1024 * 1024;

/** Repository-relative folders that hold a `.loadbearing`, found by walking the tree (bounded, no symlinks). */
export function findPolicyFiles(root: string): string[] {
  const found: string[] = [];
  const queue: string[] = [''];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_DIRS) {
    const rel = queue.shift()!;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) queue.push(rel ? `${rel}/${entry.name}` : entry.name);
      else if (entry.isFile() && entry.name === POLICY_FILE) found.push(rel ? `${rel}/${POLICY_FILE}` : POLICY_FILE);
    }
  }
  return found.sort();
}

export function readPolicyText(abs: string): string {
  const stat = fs.statSync(abs);
  if (stat.size > MAX_POLICY_BYTES) {
    const fd = fs.openSync(abs, 'r');
    try {
      const buffer = Buffer.alloc(MAX_POLICY_BYTES);
      fs.readSync(fd, buffer, 0, MAX_POLICY_BYTES, 0);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  }
  return fs.readFileSync(abs, 'utf8');
}

export function policyDirOf(policyPath: string): string {
  const at = policyPath.lastIndexOf('/');
  return at < 0 ? '' : policyPath.slice(0, at);
}

/** Parses the given policy texts (path → text) into a matcher. */
export function buildPolicy(texts: Map<string, string>): LoadedPolicy {
  const files: PolicyFile[] = [...texts].map(([p, text]) => ({ path: p, parsed: parsePolicy(text, policyDirOf(p)) }));
  return { matcher: new PolicyMatcher(files.map((f) => f.parsed)), files };
}

/**
 * Only the policy files that can decide `repoPaths`: the root's and those of each folder on their way (a policy
 * governs only its own folder's subtree, and the deepest one with a matching line decides: policyMatcher.ts), read
 * without walking the tree. Gives every one of those paths the tier `loadPolicySync` gives it: the same folders are
 * skipped, and a symlinked folder or policy file is not followed, as the walk does not follow them.
 */
export function loadPolicyForPaths(root: string, repoPaths: Iterable<string>): LoadedPolicy {
  const folders = new Set<string>(['']);
  for (const p of repoPaths) {
    const parts = p.split('/').slice(0, -1);
    for (let k = 1; k <= parts.length && !SKIPPED.has(parts[k - 1]); k++) folders.add(parts.slice(0, k).join('/'));
  }
  const texts = new Map<string, string>();
  for (const folder of [...folders].sort()) {
    const rel = folder ? `${folder}/${POLICY_FILE}` : POLICY_FILE;
    const abs = path.join(root, ...rel.split('/'));
    try {
      // Most folders have none: no exception thrown (and its stack built) for each of them.
      if (!fs.lstatSync(abs, { throwIfNoEntry: false })?.isFile() || !realFolders(root, folder)) continue;
      texts.set(rel, readPolicyText(abs));
    } catch {
      /* not readable, or gone meanwhile */
    }
  }
  return buildPolicy(texts);
}

/** Whether every folder on the way to `folder` is a real folder, not a symlink (the walk never enters those). */
function realFolders(root: string, folder: string): boolean {
  if (folder === '') return true;
  const parts = folder.split('/');
  for (let k = 1; k <= parts.length; k++) {
    if (!fs.lstatSync(path.join(root, ...parts.slice(0, k))).isDirectory()) return false;
  }
  return true;
}

export function loadPolicySync(root: string): LoadedPolicy {
  const texts = new Map<string, string>();
  for (const rel of findPolicyFiles(root)) {
    try {
      texts.set(rel, readPolicyText(path.join(root, ...rel.split('/'))));
    } catch {
      /* vanished while walking */
    }
  }
  return buildPolicy(texts);
}
