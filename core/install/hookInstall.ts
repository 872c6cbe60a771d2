// Installs and removes Loadbearing's git hooks in the hooks directory git actually uses; shared by the CLI and the extension.
//
// Chaining, two ways:
//  - Usually a hook already in place is moved aside, unchanged, to `<hook>.loadbearing-previous`, and ours calls it
//    first. The previous hook is never rewritten, so uninstall restores it byte for byte and with its mode by renaming
//    back, and it works whatever that hook does (`exit 0` at its end, `exec`, another language).
//  - A hook manager's file (husky: core.hooksPath=.husky/_ whose stubs source `h`, which picks the user's script by
//    `basename "$0"`) stops working under another name. There we put a marked block right after the shebang line
//    instead, which runs the gate in a subshell before the manager's own code; uninstall cuts exactly that block out,
//    giving back the same bytes, and the file keeps its mode. If the manager regenerates its file (husky does on
//    `npm install`), the block is gone; installing again (the extension does on start) puts it back.
//  A different file is never overwritten silently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GitRepo } from '../git/gitRepo';
import { runProcess } from '../git/run';
import { HOOK_NAMES, hookBlock, HookName, HookRuntime, hookScript, insertBlock, isLoadbearingHook, PREVIOUS_SUFFIX, removeBlock } from './hookScript';

export interface HookInstallOptions {
  repo: GitRepo;
  /** Absolute path of dist/cli.js. */
  cliPath: string;
  runtime: HookRuntime;
  /** Gated tiers written into the pre-commit hook (`loadbearing.commitGate.tiers`); omitted: the CLI default. */
  tiers?: readonly string[];
  /** The git executable; default `git` on PATH. */
  git?: string;
}

export interface HookInstallReport {
  hooksDir: string;
  hooks: Array<{
    name: HookName;
    file: string;
    /** installed: new; updated: ours was there and is rewritten; rechained: a regenerated copy of the kept hook was replaced. */
    action: 'installed' | 'updated' | 'rechained';
    /** Where the hook that was here before now is, when there was one. */
    previous?: string;
    /** Our block sits inside a hook manager's file instead of replacing it. */
    embedded?: boolean;
  }>;
}

export interface HookUninstallReport {
  hooksDir: string;
  hooks: Array<{
    name: HookName;
    file: string;
    /** restored: the previous hook is back; removed: ours is gone and there was none before; foreign: not ours, left alone. */
    action: 'removed' | 'restored' | 'absent' | 'foreign';
  }>;
}

export class HookInstallError extends Error {}

/** The directory git runs hooks from: honours core.hooksPath (husky) and, in a linked worktree, the common directory. */
export async function hooksDirectory(repo: GitRepo, gitPath = 'git'): Promise<string> {
  const result = await runProcess(gitPath, ['rev-parse', '--git-path', 'hooks'], { cwd: repo.root });
  if (result.code !== 0) {
    throw new HookInstallError(`cannot find the hooks directory: ${(result.stderr || result.failure || `exit code ${result.code}`).trim()}`);
  }
  return path.resolve(repo.root, result.stdout.toString('utf8').replace(/\r?\n$/, ''));
}

export async function installHooks(options: HookInstallOptions): Promise<HookInstallReport> {
  if (!path.isAbsolute(options.cliPath) || !path.isAbsolute(options.runtime.path)) {
    throw new HookInstallError('the CLI and runtime paths recorded in a hook must be absolute');
  }
  const hooksDir = await hooksDirectory(options.repo, options.git);
  await fs.promises.mkdir(hooksDir, { recursive: true });
  const report: HookInstallReport = { hooksDir, hooks: [] };
  // Check every hook before changing any, so a refusal leaves nothing half-installed.
  const plans = await Promise.all(HOOK_NAMES.map((name) => planInstall(hooksDir, name)));
  for (const plan of plans) {
    const file = path.join(hooksDir, plan.name);
    const previous = file + PREVIOUS_SUFFIX;
    const scriptOptions = { hook: plan.name, cliPath: options.cliPath, runtime: options.runtime, tiers: options.tiers };
    if (plan.embedIn !== undefined) {
      // Latin-1 strings carry the file's bytes unchanged; the block goes in as its UTF-8 bytes.
      const block = Buffer.from(hookBlock(scriptOptions), 'utf8').toString('latin1');
      await writeKeepingMode(file, insertBlock(plan.embedIn, block) as string);
      report.hooks.push({ name: plan.name, file, action: plan.action, embedded: true });
      continue;
    }
    if (plan.action === 'installed' && plan.chain) await fs.promises.rename(file, previous);
    if (plan.action === 'rechained') await fs.promises.rm(file);
    await writeExecutable(file, hookScript(scriptOptions));
    report.hooks.push({ name: plan.name, file, action: plan.action, ...((await exists(previous)) ? { previous } : {}) });
  }
  return report;
}

export async function uninstallHooks(options: { repo: GitRepo; git?: string }): Promise<HookUninstallReport> {
  const hooksDir = await hooksDirectory(options.repo, options.git);
  const report: HookUninstallReport = { hooksDir, hooks: [] };
  for (const name of HOOK_NAMES) {
    const file = path.join(hooksDir, name);
    const previous = file + PREVIOUS_SUFFIX;
    const current = await lstat(file);
    if (current && !(await isOurs(file, current))) {
      const without = current.isFile() ? removeBlock(await readBytes(file)) : undefined;
      if (without === undefined) {
        report.hooks.push({ name, file, action: 'foreign' });
      } else {
        await writeKeepingMode(file, without);
        report.hooks.push({ name, file, action: 'restored' });
      }
      continue;
    }
    if (current) await fs.promises.rm(file);
    if (await exists(previous)) {
      // A rename keeps the file as it was: same bytes, same mode, even a symlink stays a symlink.
      await fs.promises.rename(previous, file);
      report.hooks.push({ name, file, action: 'restored' });
    } else {
      report.hooks.push({ name, file, action: current ? 'removed' : 'absent' });
    }
  }
  return report;
}

/** Whether our hooks are in place (for the extension's status and auto-install). */
export async function hooksInstalled(repo: GitRepo, gitPath?: string): Promise<boolean> {
  const hooksDir = await hooksDirectory(repo, gitPath);
  for (const name of HOOK_NAMES) {
    const file = path.join(hooksDir, name);
    const stat = await lstat(file);
    if (!stat || !(await isOurs(file, stat) || (stat.isFile() && removeBlock(await readBytes(file)) !== undefined))) return false;
  }
  return true;
}

interface InstallPlan {
  name: HookName;
  action: 'installed' | 'updated' | 'rechained';
  /** Move the current file aside first. */
  chain: boolean;
  /** Put our block into this text (the current file without any block of ours) instead. */
  embedIn?: string;
}

async function planInstall(hooksDir: string, name: HookName): Promise<InstallPlan> {
  const file = path.join(hooksDir, name);
  const previous = file + PREVIOUS_SUFFIX;
  const current = await lstat(file);
  if (!current) return { name, action: 'installed', chain: false };
  if (await isOurs(file, current)) return { name, action: 'updated', chain: false };
  if (!current.isFile() && !current.isSymbolicLink()) throw new HookInstallError(`${file} is not a file`);
  if (current.isFile()) {
    const text = await readBytes(file);
    const without = removeBlock(text);
    if (without !== undefined) return { name, action: 'updated', chain: false, embedIn: without };
    if (isHookManagerFile(hooksDir, text) && insertBlock(text, '') !== undefined) return { name, action: 'installed', chain: false, embedIn: text };
  }
  const kept = await lstat(previous);
  if (!kept) return { name, action: 'installed', chain: true };
  if (await sameFile(file, current, previous, kept)) return { name, action: 'rechained', chain: false };
  throw new HookInstallError(
    `${file} is not Loadbearing's hook and ${path.basename(previous)} already holds another one; ` +
      `merge them by hand (or delete one), then install again`,
  );
}

/** A hook manager's dispatcher, which finds the user's script from its own file name (husky's `h`, husky 4's husky.sh). */
function isHookManagerFile(hooksDir: string, text: string): boolean {
  return (
    hooksDir.split(path.sep).includes('.husky') ||
    /husky/i.test(text) ||
    /basename[^\n]*\$0/.test(text) ||
    /\$\(dirname[^\n]*\$0[^\n]*\)\/h"/.test(text)
  );
}

async function isOurs(file: string, stat: fs.Stats): Promise<boolean> {
  if (!stat.isFile()) return false;
  return isLoadbearingHook(await fs.promises.readFile(file, 'utf8'));
}

async function sameFile(a: string, aStat: fs.Stats, b: string, bStat: fs.Stats): Promise<boolean> {
  if (aStat.isSymbolicLink() || bStat.isSymbolicLink()) {
    return aStat.isSymbolicLink() && bStat.isSymbolicLink() && (await fs.promises.readlink(a)) === (await fs.promises.readlink(b));
  }
  return (await fs.promises.readFile(a)).equals(await fs.promises.readFile(b));
}

async function writeExecutable(file: string, text: string): Promise<void> {
  const tmp = `${file}.loadbearing-${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, text, { mode: 0o755 });
  await fs.promises.chmod(tmp, 0o755); // the umask may have narrowed it
  await fs.promises.rename(tmp, file);
}

/** A file's bytes as a Latin-1 string: one character per byte, so cutting and writing back changes nothing else. */
async function readBytes(file: string): Promise<string> {
  return fs.promises.readFile(file, 'latin1');
}

/** Rewrites a file (a readBytes string) in place via a temp file and rename, keeping its mode. */
async function writeKeepingMode(file: string, bytes: string): Promise<void> {
  const mode = (await fs.promises.stat(file)).mode & 0o7777;
  const tmp = `${file}.loadbearing-${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, bytes, { encoding: 'latin1', mode });
  await fs.promises.chmod(tmp, mode);
  await fs.promises.rename(tmp, file);
}

async function lstat(file: string): Promise<fs.Stats | undefined> {
  try {
    return await fs.promises.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file)) !== undefined;
}
