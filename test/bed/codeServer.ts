// Starts code-server (VS Code 1.139 server + web workbench) detached, in a sandboxed HOME, and stops its process group.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, envWithNode24 } from './provision';

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly home: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Folder for HOME, XDG_*, TMPDIR, user data and extensions; a fresh temp folder when absent. */
  sandbox?: string;
  /** User settings seeded before start. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  /** Leave workspace trust on, so a folder opens in Restricted Mode (default: trust off, everything trusted). */
  restricted?: boolean;
  /** A person's session (`npm start`): the product's review-evidence defaults instead of the tests' machine speed. */
  person?: boolean;
}

/** Tests review right after a paste, at machine speed: no on-screen time is asked (the evidence tests set their own). */
export const machineSpeedSettings: Record<string, unknown> = {
  'loadbearing.review.minSeconds': 0,
  'loadbearing.review.minSecondsPerLine': 0,
};

export const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'editor.minimap.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'always',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export function newSandbox(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lb-code-server-'));
}

/** The folders code-server uses inside a sandbox, created on demand. */
export function sandboxDirs(sandbox: string) {
  const dirs = {
    home: path.join(sandbox, 'home'),
    userDataDir: path.join(sandbox, 'user-data'),
    extensionsDir: path.join(sandbox, 'extensions'),
    tmp: path.join(sandbox, 'tmp'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  return dirs;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const bin = ensureCodeServer();
  const { home, userDataDir, extensionsDir, tmp } = sandboxDirs(options.sandbox ?? newSandbox());
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    const trust = options.restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
    fs.writeFileSync(settingsFile, JSON.stringify({ ...defaultSettings, ...(options.person ? {} : machineSpeedSettings), ...trust, ...options.settings }, null, 2));
  }
  const port = options.port ?? (await freePort());
  const env = envWithNode24({
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: tmp,
    ...options.env,
  });
  delete env.VSCODE_IPC_HOOK_CLI;
  const args = [
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  let output = '';
  const child: ChildProcess = spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  await waitForHealth(url, child, () => output);
  return { url, port, userDataDir, extensionsDir, home, log: () => output, stop };
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${log()}`);
}

/** Installs a .vsix into a sandbox's extensions folder (what `code --install-extension` does); before start. */
export async function installVsix(sandbox: string, vsix: string): Promise<string> {
  const bin = ensureCodeServer();
  const server = sandboxDirs(sandbox);
  const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
    let out = '';
    const child = spawn(
      bin,
      ['--install-extension', vsix, '--force', '--user-data-dir', server.userDataDir, '--extensions-dir', server.extensionsDir],
      { env: envWithNode24({ ...process.env, HOME: server.home }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
  if (result.code !== 0) throw new Error(`installing ${vsix} failed (exit ${result.code}):\n${result.out}`);
  return result.out;
}
