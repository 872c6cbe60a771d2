// The commit gate's cost and the server's memory on a large repository: `loadbearing check --staged` on 5,000 files
// with 200 staged and 10,000 regions, against the floor any pre-commit hook pays (starting Node, asking git what is
// staged), and the language server's resident memory holding 100,000 regions over 5,000 files.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Acknowledgment, Origin, textHash } from '../../core/ledger/ledger';
import { LedgerStore } from '../../core/ledger/ledgerStore';
import { serverProcessEnv } from '../../core/protocol';
import { median, ScenarioResult } from './benchStats';
import { root } from './paths';
import { BenchRuntime, benchRuntimes } from './benchStartup';

const FILES = 5_000;
const STAGED = 200;
const GATE_REGIONS = 10_000;
const MEMORY_REGIONS = 100_000;
const LINES_PER_FILE = 40;
/** The memory target of the issue: the server with 100,000 regions in at most this much resident memory. */
const MEMORY_TARGET_MB = 100;
/** How long after the queue answer the server's resident memory is watched (see serverRss). */
const SETTLE_MS = 12_000;
const cli = path.join(root, 'dist', 'cli.js');

const fileName = (i: number) => `src/${i % 2 === 0 ? 'auth' : 'billing'}/m${Math.floor(i / 100)}/file${i}.ts`;
const fileText = (i: number, edit = '') =>
  Array.from({ length: LINES_PER_FILE }, (_, l) => `export const value${i}_${l} = compute(${l}, "${i}");${l === 1 ? edit : ''}\n`).join('');

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** A repository of FILES files in two critical folders, STAGED of them modified and staged. */
function createRepo(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.loadbearing'), '/src/auth/**  critical\n/src/billing/  high\n');
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, fileName(i));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fileText(i));
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  for (let i = 0; i < STAGED; i++) fs.writeFileSync(path.join(dir, fileName(i * (FILES / STAGED))), fileText(i * (FILES / STAGED), ' // edited'));
  git(dir, 'add', '-A');
  return dir;
}

/**
 * `regions` AI regions spread evenly over the first `over` files (the staged ones first), one line each, each with its
 * own origin; every one acknowledged when `reviewed`, so that the gate checks every region's text and passes.
 */
async function writeLedger(repo: string, regions: number, over: number, reviewed: boolean): Promise<void> {
  const store = new LedgerStore(path.join(repo, '.git'));
  fs.rmSync(path.join(repo, '.git', 'loadbearing'), { recursive: true, force: true });
  const perFile = regions / over;
  const time = new Date().toISOString();
  const files: Record<string, { snapshot: string; regions: { origin: string; start: number; end: number }[]; updated: string }> = {};
  const origins: Origin[] = [];
  const acks: Acknowledgment[] = [];
  const order = [...Array.from({ length: STAGED }, (_, k) => k * (FILES / STAGED)), ...Array.from({ length: FILES }, (_, i) => i)];
  const chosen = [...new Set(order)].slice(0, over);
  for (const i of chosen) {
    const rel = fileName(i);
    const snapshot = fs.readFileSync(path.join(repo, rel), 'utf8');
    const lineStarts = [0];
    for (let k = snapshot.indexOf('\n'); k >= 0 && lineStarts.length < LINES_PER_FILE; k = snapshot.indexOf('\n', k + 1)) lineStarts.push(k + 1);
    const list = [];
    for (let r = 0; r < perFile; r++) {
      const line = Math.floor((r * LINES_PER_FILE) / perFile);
      const start = lineStarts[line];
      const end = snapshot.indexOf('\n', start) + 1;
      const id = `bench-${i}-${r}`;
      list.push({ origin: id, start, end });
      origins.push({ id, source: 'paste', confidence: 'likely', time, path: rel });
      if (reviewed) acks.push({ origin: id, textHash: textHash(snapshot.slice(start, end)), path: rel, reviewer: { name: 'Bench', email: 'bench@example.com' }, time });
    }
    files[rel] = { snapshot, regions: list, updated: time };
  }
  await store.update({ files, origins, acks });
}

function timed(command: string, args: string[], cwd: string, okCodes: number[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - started;
  if (result.status === null || !okCodes.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}${result.stdout.toString().slice(0, 2000)}`);
  }
  return elapsed;
}

/**
 * `check --staged` against `node -e 0` plus `git diff --cached --name-only`, alternated `runs` times, on each of the
 * bench's runtimes (benchRuntimes: Node 24, then the Node running the bench), each against the floor of the same Node.
 * The hook runs the CLI with the runtime that installed it: VS Code's Electron (Node 22 or later, which has the compile
 * cache dist/cli.js turns on) or the user's node; the bench's own Node (20 here, Debian's build) is neither.
 */
export async function checkStagedScenario(runs: number): Promise<ScenarioResult[]> {
  const repo = createRepo(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-gate-')), 'repo'));
  await writeLedger(repo, GATE_REGIONS, 1_000, true);
  try {
    return benchRuntimes().map((runtime) => checkStagedWith(runtime, repo, runs));
  } finally {
    fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  }
}

function checkStagedWith({ name, bin: runtime }: BenchRuntime, repo: string, runs: number): ScenarioResult {
  const check: number[] = [];
  const node: number[] = [];
  const diff: number[] = [];
  const floor: number[] = [];
  // Once untimed: the first run warms the file cache for all three alike (and fills the compile cache, as the
  // first commit after installing does).
  timed(runtime, [cli, 'check', '--staged'], repo, [0]);
  for (let i = 0; i < runs; i++) {
    check.push(timed(runtime, [cli, 'check', '--staged'], repo, [0]));
    node.push(timed(runtime, ['-e', '0'], repo, [0]));
    diff.push(timed('git', ['diff', '--cached', '--name-only'], repo, [0]));
    floor.push(node[i] + diff[i]);
  }
  const ratio = median(check) / median(floor);
  const lintStaged = spawnSync(process.execPath, ['-e', "require.resolve('lint-staged')"], { cwd: root }).status === 0;
  return {
    name:
      `check --staged (${FILES.toLocaleString('en')} files, ${STAGED} staged, ${GATE_REGIONS.toLocaleString('en')} regions, ${name})`,
    unit: 'ms',
    samples: check,
    baselineName: 'node -e 0 + git diff --cached',
    baseline: floor,
    notes: [
      `runtime: ${runtime}`,
      `ratio to node -e 0 alone: ${(median(check) / median(node)).toFixed(2)}x (${median(node).toFixed(0)} ms); ` +
        `to git diff --cached --name-only alone: ${(median(check) / median(diff)).toFixed(2)}x (${median(diff).toFixed(0)} ms)`,
      lintStaged ? 'lint-staged is installed but not measured here' : 'lint-staged is not installed here: no lint-staged no-op to compare with',
      `target ≤ 1.3x (node start + git floor) ${ratio <= 1.3 ? 'MET' : 'NOT MET'}: ${ratio.toFixed(2)}x`,
    ],
  };
}

/**
 * The language server's resident memory after loading a ledger of 100,000 regions and answering the review queue,
 * once settled, on each runtime (benchRuntimes: code-server's Node first, the one it runs on in use).
 */
export async function serverMemoryScenario(runs: number): Promise<ScenarioResult[]> {
  const repo = createRepo(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-mem-')), 'repo'));
  await writeLedger(repo, MEMORY_REGIONS, FILES, false);
  const results: ScenarioResult[] = [];
  try {
    for (const runtime of benchRuntimes()) {
      const samples: number[] = [];
      const baseline: number[] = [];
      const peaks: number[] = [];
      const early: number[] = [];
      for (let i = 0; i < runs; i++) {
        const rss = await serverRss(runtime.bin, repo);
        samples.push(rss.settled);
        peaks.push(rss.peak);
        early.push(rss.atHalfSecond);
        baseline.push(await idleNodeRss(runtime.bin));
      }
      const worst = Math.max(...samples);
      results.push({
        name: `server memory (RSS), ${MEMORY_REGIONS.toLocaleString('en')} regions over ${FILES.toLocaleString('en')} files (${runtime.name})`,
        unit: 'MB',
        samples,
        baselineName: 'idle node process',
        baseline,
        ratioOf: 'max',
        notes: [
          `target ≤ ${MEMORY_TARGET_MB} MB RSS ${worst <= MEMORY_TARGET_MB ? 'MET' : 'NOT MET'}: at most ${worst.toFixed(0)} MB once settled; ` +
            `0.5 s after the answer ${median(early).toFixed(0)} MB, peak while loading and answering ${median(peaks).toFixed(0)} MB (medians)`,
        ],
      });
    }
  } finally {
    fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  }
  return results;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

/** The most resident memory the process ever had (the burst of loading and answering included). */
function peakMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

async function serverRss(bin: string, repo: string): Promise<{ settled: number; atHalfSecond: number; peak: number }> {
  // In the environment the extension gives the server it starts.
  const env = { ...process.env, ...serverProcessEnv(process.env) };
  const child = spawn(bin, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  try {
    const folder = pathToFileURL(repo).toString();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, capabilities: {}, workspaceFolders: [{ uri: folder, name: 'repo' }] });
    connection.sendNotification('initialized', {});
    // What the extension asks once the server is up: every region of every file, read from the ledger and the disk.
    const queue = (await connection.sendRequest('loadbearing/queue', { includeReviewed: true })) as { entries: unknown[] };
    if (queue.entries.length !== MEMORY_REGIONS) throw new Error(`the server listed ${queue.entries.length} regions, expected ${MEMORY_REGIONS}`);
    // Garbage from loading is not what the server keeps. V8's memory reducer gives the pages of a burst back about
    // 8 s after it (server/memoryMode.ts): the resident size is read through SETTLE_MS after the answer, the last
    // reading is what the server keeps; the one 0.5 s after the answer and the peak are reported too.
    const answeredAt = performance.now();
    const readings = [rssMb(child.pid!)];
    while (performance.now() - answeredAt < SETTLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      readings.push(rssMb(child.pid!));
    }
    return { settled: readings[readings.length - 1], atHalfSecond: readings[1], peak: peakMb(child.pid!) };
  } finally {
    connection.dispose();
    child.kill();
  }
}

async function idleNodeRss(bin: string): Promise<number> {
  const child = spawn(bin, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return rssMb(child.pid!);
  } finally {
    child.kill();
  }
}
