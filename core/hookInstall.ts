// Installs and removes Loadbearing's git hooks in the hooks directory git actually uses; shared by the CLI and the extension.
//
// Chaining: a hook already in place is moved aside, unchanged, to `<hook>.loadbearing-previous`, and ours calls it
// first. We chose this over editing the existing file (e.g. appending a marked block to a husky script) because:
//  - the previous hook is never rewritten, so uninstall restores it byte for byte and with its mode by renaming back;
//  - it works whatever that hook does (`exit 0` at its end, `exec`, another language), where an appended block may
//    never run and a prepended one changes its behaviour;
//  - husky and similar managers point core.hooksPath at their folder, which `git rev-parse --git-path hooks` gives us;
//    their hook file keeps running unchanged, just called by ours. If the manager later regenerates its file over
//    ours (husky does on `npm install`), installing again notices that the file equals the one already kept aside
//    and re-chains; a different file is never overwritten silently.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GitRepo } from './gitRepo';
import { HOOK_NAMES, HookName, HookRuntime, hookScript, isLoadbearingHook, PREVIOUS_SUFFIX } from './hookScript';

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
  const out = await new Promise<string>((resolve, reject) => {
    execFile(gitPath, ['rev-parse', '--git-path', 'hooks'], { cwd: repo.root }, (error, stdout, stderr) => {
      if (error) reject(new HookInstallError(`cannot find the hooks directory: ${(stderr || error.message).trim()}`));
      else resolve(stdout.replace(/\r?\n$/, ''));
    });
  });
  return path.resolve(repo.root, out);
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
    if (plan.action === 'installed' && plan.chain) await fs.promises.rename(file, previous);
    if (plan.action === 'rechained') await fs.promises.rm(file);
    const text = hookScript({ hook: plan.name, cliPath: options.cliPath, runtime: options.runtime, tiers: options.tiers });
    await writeExecutable(file, text);
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
      report.hooks.push({ name, file, action: 'foreign' });
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
    if (!stat || !(await isOurs(file, stat))) return false;
  }
  return true;
}

interface InstallPlan {
  name: HookName;
  action: 'installed' | 'updated' | 'rechained';
  /** Move the current file aside first. */
  chain: boolean;
}

async function planInstall(hooksDir: string, name: HookName): Promise<InstallPlan> {
  const file = path.join(hooksDir, name);
  const previous = file + PREVIOUS_SUFFIX;
  const current = await lstat(file);
  if (!current) return { name, action: 'installed', chain: false };
  if (await isOurs(file, current)) return { name, action: 'updated', chain: false };
  if (!current.isFile() && !current.isSymbolicLink()) throw new HookInstallError(`${file} is not a file`);
  const kept = await lstat(previous);
  if (!kept) return { name, action: 'installed', chain: true };
  if (await sameFile(file, current, previous, kept)) return { name, action: 'rechained', chain: false };
  throw new HookInstallError(
    `${file} is not Loadbearing's hook and ${path.basename(previous)} already holds another one; ` +
      `merge them by hand (or delete one), then install again`,
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
