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
