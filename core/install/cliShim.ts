// The `loadbearing` command VS Code's integrated terminals find on PATH: a tiny script that runs the extension's bundled
// CLI with the runtime the extension host runs on (as the git hook does), so no global install and no `node` on PATH
// are needed. Like the hook it runs only these two recorded absolute paths, nothing from the repository.
import { HookRuntime, shellQuote } from './hookScript';

export const SHIM_MARKER = '# loadbearing-cli-shim v1';

/** POSIX sh shim: the recorded runtime, else `node` on PATH, else a message saying what to do. */
export function cliShimScript(cliPath: string, runtime: HookRuntime): string {
  return [
    '#!/bin/sh',
    SHIM_MARKER,
    '# Written by the Loadbearing extension for its integrated terminals; runs its bundled CLI.',
    `lb_runtime=${shellQuote(runtime.path)}`,
    `lb_cli=${shellQuote(cliPath)}`,
    'if [ -f "$lb_cli" ] && [ -x "$lb_runtime" ]; then',
    ...(runtime.electron ? ['  ELECTRON_RUN_AS_NODE=1', '  export ELECTRON_RUN_AS_NODE'] : []),
    '  exec "$lb_runtime" "$lb_cli" "$@"',
    'fi',
    'if [ -f "$lb_cli" ] && command -v node >/dev/null 2>&1; then',
    '  exec node "$lb_cli" "$@"',
    'fi',
    `printf '%s\\n' 'loadbearing: the Loadbearing extension that provided this command was updated or removed; open a new terminal.' >&2`,
    'exit 2',
    '',
  ].join('\n');
}

/** Windows cmd shim, same contract. */
export function cliShimCmd(cliPath: string, runtime: HookRuntime): string {
  const q = (p: string) => `"${p.replace(/"/g, '')}"`;
  return [
    '@echo off',
    `rem ${SHIM_MARKER.slice(2)}: written by the Loadbearing extension for its integrated terminals.`,
    'setlocal',
    ...(runtime.electron ? ['set ELECTRON_RUN_AS_NODE=1'] : []),
    `${q(runtime.path)} ${q(cliPath)} %*`,
    '',
  ].join('\r\n');
}
