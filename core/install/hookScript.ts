// The text of the git hooks Loadbearing installs: POSIX sh, built-ins only, every recorded path single-quoted.
//
// A hook runs where `node` may not be on PATH (VS Code started from a desktop launcher, a GUI git client), so the
// runtime that installed it is recorded: plain node for the CLI, VS Code's own Electron binary for the extension
// (run with ELECTRON_RUN_AS_NODE=1, as VS Code's git extension runs its askpass helper). Nothing from the
// repository is ever executed: no npx, no node_modules, only the two recorded absolute paths (or `node` on PATH
// when the recorded runtime is gone) and the hook that was here before, which the user had already installed.

export type HookName = 'pre-commit' | 'post-commit' | 'post-rewrite';
export const HOOK_NAMES: readonly HookName[] = ['pre-commit', 'post-commit', 'post-rewrite'];

/** What each hook is for, in its header. */
const PURPOSE: Record<HookName, string> = {
  'pre-commit': 'commit gate: refuses commits of unreviewed AI code in load-bearing files',
  'post-commit': "post-commit: records the commit's AI code in a git note",
  'post-rewrite': 'post-rewrite: carries the notes of amended and rebased commits to the new commits',
};

/**
 * post-rewrite gets the list of rewritten commits on stdin, which both the previous hook and ours need: it is read
 * once into a variable with the shell's own `read` (lines of hex ids, so nothing in it is ever expanded again).
 */
const READ_INPUT = [
  'lb_nl=\'',
  "'",
  'lb_input=',
  'while IFS= read -r lb_line; do lb_input="$lb_input$lb_line$lb_nl"; done',
];

/** The line that identifies a hook file as ours. */
export const HOOK_MARKER = '# loadbearing-hook v1';
/** The hook that was in place before ours is moved to `<hook><PREVIOUS_SUFFIX>` and called first. */
export const PREVIOUS_SUFFIX = '.loadbearing-previous';

export interface HookRuntime {
  /** Absolute path of the program that runs the CLI (node, or VS Code's Electron binary). */
  path: string;
  /** Run it with ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
}

export interface HookScriptOptions {
  hook: HookName;
  /** Absolute path of dist/cli.js. */
  cliPath: string;
  runtime: HookRuntime;
  /** Gated tiers passed to `check --staged --tiers` (the VS Code setting); omitted: the CLI's default. */
  tiers?: readonly string[];
}

/** Single-quotes a word for sh: safe for spaces, quotes, `$`, backticks and newlines. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function isLoadbearingHook(text: string): boolean {
  return text.split('\n', 3).some((line) => line.trim() === HOOK_MARKER);
}

export function hookScript(options: HookScriptOptions): string {
  const { hook } = options;
  const isGate = hook === 'pre-commit';
  const rewrite = hook === 'post-rewrite';
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    `# Loadbearing ${PURPOSE[hook]}.`,
    '# Installed by `loadbearing install-hook` or "Loadbearing: Install Commit Gate"; `loadbearing uninstall-hook` removes it',
    `# and puts back the hook that was here before (kept beside it as ${hook}${PREVIOUS_SUFFIX}).`,
    '',
    '# git runs hooks by path; parameter expansion instead of dirname, so nothing but the shell is needed.',
    'case $0 in */*) lb_dir=${0%/*} ;; *) lb_dir=. ;; esac',
    `lb_previous="$lb_dir/${hook}${PREVIOUS_SUFFIX}"`,
    '',
    ...(rewrite ? [...READ_INPUT, ''] : []),
    '# The hook that was here before runs first, with the same arguments' + (rewrite ? ' and input;' : ';'),
    isGate ? '# its failure still blocks the commit.' : `# its exit status is reported by git as before (${hook} cannot block).`,
    'if [ -x "$lb_previous" ]; then',
    isGate ? '  "$lb_previous" "$@" || exit $?' : rewrite ? `  printf '%s' "$lb_input" | "$lb_previous" "$@"` : '  "$lb_previous" "$@"',
    'fi',
    '',
    ...runLines(options),
    '',
  ].join('\n');
}

/** First and last line of the block Loadbearing puts inside a hook manager's file (see hookInstall.ts). */
export const BLOCK_START = '# >>> loadbearing-hook block v1: `loadbearing uninstall-hook` removes this block >>>';
export const BLOCK_END = '# <<< loadbearing-hook block v1 <<<';

/**
 * The same work as hookScript, as a block for the top of another script: a subshell, so nothing leaks into it. For
 * post-rewrite the input is read first and given back as the script's stdin (`exec` of a here-document) for its own code.
 */
export function hookBlock(options: HookScriptOptions): string {
  const tail = options.hook === 'pre-commit' ? ') || exit $?' : ')';
  if (options.hook !== 'post-rewrite') return [BLOCK_START, '(', ...runLines(options).map((l) => (l === '' ? l : `  ${l}`)), tail, BLOCK_END, ''].join('\n');
  return [
    BLOCK_START,
    ...READ_INPUT,
    '(',
    ...runLines(options).map((l) => (l === '' ? l : `  ${l}`)),
    ')',
    'exec 0<<LB_EOF',
    '${lb_input%$lb_nl}',
    'LB_EOF',
    'unset lb_nl lb_input lb_line',
    BLOCK_END,
    '',
  ].join('\n');
}

/** Puts the block right after the shebang line; undefined when the text has no line to put it after. */
export function insertBlock(text: string, block: string): string | undefined {
  const eol = text.indexOf('\n');
  if (eol < 0 || !text.startsWith('#!')) return undefined;
  return text.slice(0, eol + 1) + block + text.slice(eol + 1);
}

/** The text without our block (exactly as it was before insertBlock), or undefined when it holds none. */
export function removeBlock(text: string): string | undefined {
  const start = text.indexOf(BLOCK_START + '\n');
  if (start < 0) return undefined;
  const end = text.indexOf(BLOCK_END + '\n', start);
  if (end < 0) return undefined;
  return text.slice(0, start) + text.slice(end + BLOCK_END.length + 1);
}

/** Runs the CLI with the recorded runtime, else node on PATH, else refuses (pre-commit) or warns (post-commit). */
function runLines(options: HookScriptOptions): string[] {
  const { hook, cliPath, runtime } = options;
  const args =
    hook === 'pre-commit'
      ? ['check', '--staged', ...(options.tiers && options.tiers.length > 0 ? ['--tiers', options.tiers.join(',')] : [])]
      : [hook];
  // post-rewrite passes git's argument (amend or rebase) and feeds the input read by READ_INPUT.
  const argText = args.map(shellQuote).join(' ') + (hook === 'post-rewrite' ? ' "$@"' : '');
  const feed = hook === 'post-rewrite' ? `printf '%s' "$lb_input" | ` : '';
  const run = (program: string): string => (feed === '' ? `exec ${program} "$lb_cli" ${argText}` : `${feed}${program} "$lb_cli" ${argText}; exit $?`);
  const isGate = hook === 'pre-commit';
  return [
    `lb_runtime=${shellQuote(runtime.path)}`,
    `lb_electron=${runtime.electron ? 1 : 0}`,
    `lb_cli=${shellQuote(cliPath)}`,
    'if [ -f "$lb_cli" ] && [ -x "$lb_runtime" ]; then',
    '  if [ "$lb_electron" = 1 ]; then',
    '    ELECTRON_RUN_AS_NODE=1',
    '    export ELECTRON_RUN_AS_NODE',
    '  fi',
    `  ${run('"$lb_runtime"')}`,
    'fi',
    '# The recorded runtime is gone (VS Code updated or moved): any node on PATH can run the CLI.',
    'if [ -f "$lb_cli" ] && command -v node >/dev/null 2>&1; then',
    `  ${run('node')}`,
    'fi',
    `printf 'Loadbearing: cannot run %s: %s or its runtime %s is gone (extension updated or uninstalled?) and no node is on PATH.\\n' ${shellQuote(hook)} "$lb_cli" "$lb_runtime" >&2`,
    isGate
      ? `printf '%s\\n' 'Reinstall the gate ("Loadbearing: Install Commit Gate" in VS Code, or loadbearing install-hook), remove it with loadbearing uninstall-hook, or bypass it once with git commit --no-verify.' >&2`
      : hook === 'post-rewrite'
        ? `printf '%s\\n' 'The notes of the rewritten commits were not carried over; loadbearing verify will report the new commits. Reinstall the hooks, or remove them with loadbearing uninstall-hook.' >&2`
        : `printf '%s\\n' 'This commit has no Loadbearing note; loadbearing verify will report it. Reinstall the hooks, or remove them with loadbearing uninstall-hook.' >&2`,
    `exit ${isGate ? 1 : 0}`,
  ];
}
