#!/usr/bin/env node
// Process entry of dist/cli.js (what the git hook, the terminal shim and `bin` run): turns on Node's compile cache,
// then loads the CLI's bundle beside it (dist/cliMain.js, built from main.ts). A separate file because the cache can
// only speed up code loaded after it is on, and every commit starts a fresh Node for the gate.
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

enableCompileCache();
require('./cliMain.js');

/**
 * Node ≥ 22.1 keeps V8's compiled code of the bundle between runs (a no-op on older Node). The cache holds code that
 * will be run, so it goes in a folder only this user can write: NODE_COMPILE_CACHE when the user set it, else a
 * private folder in the temp directory, checked to be ours and closed to others (a shared /tmp would let another
 * user plant one). Never in the repository. Any failure only leaves the cache off.
 */
function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return;
  try {
    if (process.env.NODE_COMPILE_CACHE || typeof process.getuid !== 'function') {
      enable(); // the user's choice, or Windows, whose temp folder is per user
      return;
    }
    const uid = process.getuid();
    const dir = path.join(os.tmpdir(), `loadbearing-compile-cache-${uid}`);
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return;
    }
    const stat = fs.lstatSync(dir);
    if (stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0) enable(dir);
  } catch {
    /* no cache: the CLI runs as before */
  }
}
