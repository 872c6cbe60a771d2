// Node's compile cache for the language server and the CLI (Node ≥ 22.1, which VS Code's and code-server's runtimes
// have; older Node lacks the API and starts as before): a start after the first reads V8's compiled code from disk
// instead of compiling the bundle again (server-start and check-staged benchmarks). dist/server.js and dist/cli.js are
// small entries that turn it on, then load the bundle beside them: the cache covers only code compiled after it is on. The cache is per user, never in a shared temp folder, where
// another account could plant code for this process to run.
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

interface CompileCacheApi {
  enableCompileCache?: (directory?: string) => unknown;
  flushCompileCache?: () => void;
}
const api = nodeModule as unknown as CompileCacheApi;

/** Where the cache lives: the user's own cache folder (NODE_COMPILE_CACHE, when set, is Node's to honour). */
export function compileCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
  if (env.NODE_COMPILE_CACHE) return undefined;
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const xdg = env.XDG_CACHE_HOME;
  const base =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? paths.join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? paths.join(home, 'Library', 'Caches')
        : xdg && paths.isAbsolute(xdg)
          ? xdg
          : paths.join(home, '.cache');
  return paths.join(base, 'loadbearing', 'node-compile-cache');
}

export function enableCompileCache(): void {
  try {
    api.enableCompileCache?.(compileCacheDir(process.env, process.platform, os.homedir()));
  } catch {
    /* no cache: it only starts slower */
  }
}

/** Writes what was compiled so far; the server is usually stopped by a kill, when Node would not write it. */
export function flushCompileCache(): void {
  try {
    api.flushCompileCache?.();
  } catch {
    /* as above */
  }
}
