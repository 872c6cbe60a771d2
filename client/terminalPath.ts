// Puts `loadbearing` on PATH in VS Code's integrated terminals (the refused commit says "run: loadbearing review"),
// and passes the review-evidence settings to it, through the extension's environment-variable collection.
//
// Trust: this is offered in untrusted workspaces too. The PATH entry is a folder in the extension's own global storage
// holding a shim for the extension's bundled CLI, run by VS Code's own runtime: nothing from the repository is put on
// PATH or run (the CLI itself never executes repository content, see the hostile-repository tests), and nothing is
// written into the repository. A repository cannot change what the shim runs.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cliShimCmd, cliShimScript } from '../core/install/cliShim';
import { ENV_MIN_SECONDS, ENV_MIN_SECONDS_PER_LINE } from '../core/review/reviewEvidence';
import { Log } from './log';
import { Settings } from './settings';

/** The runtime the extension host runs on; under Electron the shim sets ELECTRON_RUN_AS_NODE=1 (as the hook does). */
function runtime(): { path: string; electron: boolean } {
  return { path: process.execPath, electron: Boolean(process.versions.electron) };
}

/**
 * Writes the shim (once per content: a folder named by its hash, so windows running different versions of the
 * extension never overwrite each other's) and returns its folder.
 */
export function writeShim(storageDir: string, cliPath: string): string {
  const rt = runtime();
  const windows = process.platform === 'win32';
  const text = windows ? cliShimCmd(cliPath, rt) : cliShimScript(cliPath, rt);
  const dir = path.join(storageDir, `bin-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`);
  const file = path.join(dir, windows ? 'loadbearing.cmd' : 'loadbearing');
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o755 });
  fs.renameSync(temp, file);
  return dir;
}

/** Keeps the terminals' environment in step with the settings; call again when they change. */
export function updateTerminalEnvironment(context: vscode.ExtensionContext, settings: Settings, log: Log): void {
  const env = context.environmentVariableCollection;
  env.clear();
  if (!settings.terminalCli) return;
  try {
    const dir = writeShim(context.globalStorageUri.fsPath, context.asAbsolutePath(path.join('dist', 'cli.js')));
    env.prepend('PATH', dir + path.delimiter);
    env.replace(ENV_MIN_SECONDS, String(settings.reviewMinSeconds));
    env.replace(ENV_MIN_SECONDS_PER_LINE, String(settings.reviewMinSecondsPerLine));
    env.description = 'Loadbearing: puts the `loadbearing` command on PATH (loadbearing review, status, …) with your review settings.';
    log.info(`terminals get loadbearing from ${dir}`);
  } catch (error) {
    log.error('could not put the loadbearing command on the terminals\' PATH', error);
  }
}
