// Real git repositories in temp folders for the CLI and hook tests, isolated from the user's git configuration.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The bundled CLI (`node scripts/bundle.mjs`), which the hooks run. */
export const CLI_PATH = path.resolve(__dirname, '../../../../dist/cli.js');

/** A copy of the CLI as it ships (dist/cli.js and the bundles it loads, dist/cliMain.js and dist/cliGate.js) in `dir`; returns the copy's cli.js. */
export function copyCli(dir: string): string {
  for (const file of ['cli.js', 'cliMain.js', 'cliGate.js']) fs.copyFileSync(path.join(path.dirname(CLI_PATH), file), path.join(dir, file));
  return path.join(dir, 'cli.js');
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** process.env without GIT_* (a test run inside a hook must not leak its index) and with its own HOME: no global config. */
export function cleanEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_') && !key.startsWith('LOADBEARING_')) env[key] = value;
  // Reviews here are set-up steps at machine speed: no on-screen time asked of critical code (evidence tests set their own).
  const review = { LOADBEARING_REVIEW_MIN_SECONDS: '0', LOADBEARING_REVIEW_MIN_SECONDS_PER_LINE: '0' };
  return { ...env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', ...review, ...extra };
}

export function tempDir(prefix = 'lb-test-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export class TestRepo {
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly root: string,
    readonly home: string,
  ) {
    this.env = cleanEnv(home);
  }

  /** A fresh repository with an identity, no signing, and a first commit holding `files`. */
  static create(files: Record<string, string> = {}, options: { identity?: boolean } = {}): TestRepo {
    const base = tempDir();
    const home = path.join(base, 'home');
    fs.mkdirSync(home);
    const root = path.join(base, 'repo');
    fs.mkdirSync(root);
    const repo = new TestRepo(root, home);
    repo.git('init', '-q', '-b', 'main');
    if (options.identity !== false) {
      repo.git('config', 'user.name', 'Rita Reviewer');
      repo.git('config', 'user.email', 'rita@example.com');
    }
    repo.git('config', 'commit.gpgsign', 'false');
    if (Object.keys(files).length > 0) {
      for (const [rel, text] of Object.entries(files)) repo.write(rel, text);
      repo.git('add', '-A');
      repo.git('-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', 'commit', '-q', '--no-verify', '-m', 'initial');
    }
    return repo;
  }

  /** Runs git; throws with its stderr when it fails. */
  git(...args: string[]): string {
    const r = this.gitResult(args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.err}${r.out}`);
    return r.out;
  }

  gitResult(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
    return result(spawnSync('git', args, { cwd: options.cwd ?? this.root, env: options.env ?? this.env, encoding: 'utf8', input: options.input }));
  }

  /** Runs the bundled CLI as a subprocess, as a hook or a user would. */
  cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
    return result(
      spawnSync(process.execPath, [CLI_PATH, ...args], { cwd: options.cwd ?? this.root, env: options.env ?? this.env, encoding: 'utf8', input: options.input }),
    );
  }

  path(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  write(rel: string, text: string): void {
    fs.mkdirSync(path.dirname(this.path(rel)), { recursive: true });
    fs.writeFileSync(this.path(rel), text);
  }

  read(rel: string): string {
    return fs.readFileSync(this.path(rel), 'utf8');
  }

  /** The git directory of this work tree (`.git`, or `.git/worktrees/<name>`). */
  gitDir(): string {
    return path.resolve(this.root, this.git('rev-parse', '--git-dir').trim());
  }

  ledgerFile(): string {
    return path.join(this.gitDir(), 'loadbearing', 'ledger.json');
  }

  /** The audit log's events, parsed. */
  audit(): Array<Record<string, unknown>> {
    const file = path.join(this.gitDir(), 'loadbearing', 'audit.jsonl');
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Commits staged content through git, hooks and all. */
  commit(message: string, extra: string[] = [], env?: NodeJS.ProcessEnv): RunResult {
    return this.gitResult(['commit', '-q', '-m', message, ...extra], { env });
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }
}

function result(r: SpawnSyncReturns<string>): RunResult {
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A policy with a critical folder, a high tier and a watch tier, as most tests use. */
export const POLICY = ['# test policy', '/src/auth/**   critical', '*.tf           high', '/docs/**       watch', ''].join('\n');

/** Lines `first..last` of a numbered text: `line 1\nline 2\n...`. */
export function numbered(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, k) => `${prefix} ${k + 1}\n`).join('');
}
