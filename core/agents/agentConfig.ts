// Each coding agent's hook configuration with Loadbearing's entries merged in, and taken out again: idempotent, never
// touching other hooks, and giving back the exact bytes on uninstall (the file as it was is kept aside at install).
// Shared by `loadbearing install-agent-hooks` and "Loadbearing: Install Agent Hooks". Formats: README "Agents".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HookRuntime, shellQuote } from '../install/hookScript';
import type { AgentName } from './agentEvent';
import { shortHash } from './checkpoint';

export class AgentConfigError extends Error {}

/** The config file an agent reads: in the project (default) or the user's home (`--user`). */
/** Where a repository's backups of the agents' configs live (`<git dir>/loadbearing/agent-hooks`): uninstall restores from them. */
export function repoAgentBackupDir(loadbearingDir: string): string {
  return path.join(loadbearingDir, 'agent-hooks');
}

export function agentConfigFile(agent: AgentName, base: { root: string } | { home: string }): string {
  const user = 'home' in base;
  const dir = user ? base.home : base.root;
  switch (agent) {
    case 'claude':
      return path.join(dir, '.claude', 'settings.json');
    case 'codex':
      return path.join(dir, '.codex', 'hooks.json');
    case 'cursor':
      return path.join(dir, '.cursor', 'hooks.json');
    case 'copilot':
      // Copilot CLI, the cloud agent and VS Code read every .github/hooks/*.json of the repository; ours is its own file.
      if (user) throw new AgentConfigError('Copilot reads hooks from the repository (.github/hooks/*.json) only; install it without --user');
      return path.join(dir, '.github', 'hooks', 'loadbearing.json');
  }
}

/** The command each hook runs: the recorded runtime (VS Code's own under ELECTRON_RUN_AS_NODE) and CLI, no `node` on PATH needed. */
export function agentHookCommandLine(agent: AgentName, cliPath: string, runtime: HookRuntime): string {
  return `${runtime.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}${shellQuote(runtime.path)} ${shellQuote(cliPath)} agent-hook --agent ${agent}`;
}

const MARK = ' agent-hook --agent ';
const isOurs = (command: unknown): boolean => typeof command === 'string' && command.includes(MARK);

type Json = Record<string, unknown>;

/** Loadbearing's entries for one agent, by event. */
function ourEntries(agent: AgentName, command: string): Record<string, unknown[]> {
  switch (agent) {
    case 'claude':
    case 'codex': {
      const matcher = agent === 'claude' ? 'Write|Edit|MultiEdit|NotebookEdit|Bash' : 'Bash|apply_patch';
      const group = { matcher, hooks: [{ type: 'command', command, timeout: 30 }] };
      return { PreToolUse: [group], PostToolUse: [group] };
    }
    case 'cursor':
      return { preToolUse: [{ command }], beforeShellExecution: [{ command }], afterFileEdit: [{ command }], afterShellExecution: [{ command }] };
    case 'copilot': {
      // `bash` for Copilot CLI and the cloud agent, `command` for VS Code's reader of the same folder.
      const entry = { type: 'command', bash: command, command, timeoutSec: 30 };
      return { preToolUse: [entry], postToolUse: [entry] };
    }
  }
}

function entryIsOurs(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Json;
  if (isOurs(e.command) || isOurs(e.bash)) return true;
  return Array.isArray(e.hooks) && e.hooks.some((h) => typeof h === 'object' && h !== null && isOurs((h as Json).command));
}

/** `config` without any Loadbearing entry; events left empty by that are removed. */
export function withoutOurHooks(config: Json): Json {
  const hooks = config.hooks;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return config;
  const kept: Json = {};
  for (const [event, list] of Object.entries(hooks as Json)) {
    if (!Array.isArray(list)) {
      kept[event] = list;
      continue;
    }
    const rest = list.filter((entry) => !entryIsOurs(entry));
    if (rest.length > 0 || !list.some(entryIsOurs)) kept[event] = rest;
  }
  const out: Json = { ...config, hooks: kept };
  if (Object.keys(kept).length === 0) delete out.hooks;
  return out;
}

export function withOurHooks(agent: AgentName, config: Json, command: string): Json {
  const base = withoutOurHooks(config);
  const hooks = { ...((base.hooks as Json | undefined) ?? {}) };
  for (const [event, entries] of Object.entries(ourEntries(agent, command))) {
    hooks[event] = [...((Array.isArray(hooks[event]) ? hooks[event] : []) as unknown[]), ...entries];
  }
  const versioned = agent === 'cursor' || agent === 'copilot' ? { version: base.version ?? 1 } : {};
  return { ...versioned, ...base, hooks };
}

export interface AgentInstallResult {
  agent: AgentName;
  file: string;
  action: 'installed' | 'updated' | 'unchanged';
}

export interface AgentUninstallResult {
  agent: AgentName;
  file: string;
  action: 'restored' | 'removed' | 'edited' | 'absent';
}

interface Backup {
  file: string;
  existed: boolean;
  base64?: string;
  createdDirs: string[];
}

/**
 * Merges our hooks into the agent's config. The file as it was before the first install is kept in `backupDir`, so
 * that uninstall gives back exactly those bytes when nobody changed the rest of the file meanwhile.
 */
export async function installAgentHooks(agent: AgentName, file: string, command: string, backupDir: string): Promise<AgentInstallResult> {
  const before = await readMaybe(file);
  const current = before === undefined ? {} : parseConfig(file, before);
  const next = withOurHooks(agent, current, command);
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (before !== undefined && before.toString('utf8') === text) return { agent, file, action: 'unchanged' };
  const backupFile = path.join(backupDir, `${agent}-${shortHash(file)}.json`);
  const hadOurs = before !== undefined && JSON.stringify(withoutOurHooks(current)) !== JSON.stringify(current);
  if (!(await readMaybe(backupFile))) {
    const createdDirs = await missingDirs(path.dirname(file));
    const backup: Backup = { file, existed: before !== undefined, ...(before ? { base64: before.toString('base64') } : {}), createdDirs };
    await fs.promises.mkdir(backupDir, { recursive: true });
    await fs.promises.writeFile(backupFile, JSON.stringify(backup));
  }
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await writeAtomic(file, text);
  return { agent, file, action: hadOurs ? 'updated' : 'installed' };
}

export async function uninstallAgentHooks(agent: AgentName, file: string, backupDir: string): Promise<AgentUninstallResult> {
  const backupFile = path.join(backupDir, `${agent}-${shortHash(file)}.json`);
  const backupText = await readMaybe(backupFile);
  const backup = backupText ? (JSON.parse(backupText.toString('utf8')) as Backup) : undefined;
  const current = await readMaybe(file);
  if (current === undefined) {
    await fs.promises.rm(backupFile, { force: true });
    return { agent, file, action: 'absent' };
  }
  const config = parseConfig(file, current);
  const stripped = withoutOurHooks(config);
  if (JSON.stringify(stripped) === JSON.stringify(config)) return { agent, file, action: 'absent' };
  let action: AgentUninstallResult['action'] = 'edited';
  // What the file would be without our entries had nobody touched it since install.
  const untouched = (original: Json) => withoutOurHooks(withOurHooks(agent, original, `x${MARK}${agent}`));
  if (backup && !backup.existed && sameJson(stripped, untouched({}))) {
    // We created the file and nobody added anything else: it goes, with the folders we created for it.
    await fs.promises.rm(file, { force: true });
    for (const dir of backup.createdDirs) await fs.promises.rmdir(dir).catch(() => undefined);
    action = 'removed';
  } else if (backup?.existed && backup.base64 !== undefined && sameJson(stripped, untouched(parseConfig(file, Buffer.from(backup.base64, 'base64'))))) {
    await writeAtomic(file, Buffer.from(backup.base64, 'base64'));
    action = 'restored';
  } else {
    // The rest of the file changed since install: keep those changes, take out only our entries.
    await writeAtomic(file, `${JSON.stringify(stripped, null, 2)}\n`);
  }
  await fs.promises.rm(backupFile, { force: true });
  return { agent, file, action };
}

/** Whether our hooks are in this agent's config (the extension's offer skips agents already set up). */
export async function agentHooksInstalled(file: string): Promise<boolean> {
  const text = await readMaybe(file);
  if (!text) return false;
  try {
    const config = JSON.parse(text.toString('utf8')) as Json;
    return JSON.stringify(withoutOurHooks(config)) !== JSON.stringify(config);
  } catch {
    return false;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Json)[k])]));
}

function parseConfig(file: string, bytes: Buffer): Json {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AgentConfigError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it first, nothing was changed`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new AgentConfigError(`${file} is not a JSON object; nothing was changed`);
  const hooks = (data as Json).hooks;
  if (hooks !== undefined && (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks))) {
    throw new AgentConfigError(`${file}: "hooks" is not an object; nothing was changed`);
  }
  return data as Json;
}

async function readMaybe(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The folders (deepest first) that do not exist yet on the way to `dir`. */
async function missingDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    out.push(d);
    if (path.dirname(d) === d) break;
  }
  return out;
}

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.loadbearing-${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, data);
  // The config keeps its mode (e.g. a private 0600 settings file).
  const mode = await fs.promises.stat(file).then((s) => s.mode & 0o7777, () => undefined);
  if (mode !== undefined) await fs.promises.chmod(tmp, mode);
  await fs.promises.rename(tmp, file);
}
