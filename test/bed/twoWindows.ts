// Two VS Code windows (two extension hosts, two language servers) and the CLI on one repository at once: all three
// mark lines and review regions concurrently (test/integration/windows/), then the ledger on disk and both windows
// must hold every update. The bed is the third actor: it runs the real CLI between the windows' requests.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startCodeServer } from './codeServer';
import { createDemoRepo } from './demoRepo';
import { runExtensionTests, SuiteResult } from './extensionTests';
import { outDir, root } from './paths';
import { fileText, makePlan, WindowsPlan } from './windowsPlan';

const run = promisify(execFile);
const cliPath = path.join(root, 'dist', 'cli.js');

interface Counts {
  passed: number;
  failed: number;
}

export async function twoWindowsSuite(): Promise<Counts> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-windows-'));
  const repo = createDemoRepo(path.join(base, 'demo-shop'));
  const syncDir = path.join(base, 'sync');
  fs.mkdirSync(syncDir);
  const plan = makePlan();
  const cli = (...args: string[]) => run(process.execPath, [cliPath, ...args], { cwd: repo });

  writePlannedFiles(repo, plan);
  for (const line of plan.sharedLines) await cli('mark', plan.shared, '--lines', `${line}-${line}`, '--source', 'agent');
  fs.writeFileSync(path.join(syncDir, 'plan.json'), JSON.stringify(plan, null, 2));

  const server = await startCodeServer();
  const counts: Counts = { passed: 0, failed: 0 };
  const check = (name: string, ok: boolean, detail = '') => {
    console.log(`  [bed] ${ok ? '✔' : '✘'} ${name}${ok ? '' : `\n        ${detail}`}`);
    if (ok) counts.passed++;
    else counts.failed++;
  };
  try {
    const window = (id: 'A' | 'B'): Promise<SuiteResult> =>
      runExtensionTests({
        server,
        workspace: repo,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(outDir, 'test', 'integration', 'windows', 'index.js'),
        extensionEnvironment: { LOADBEARING_SYNC_DIR: syncDir, LOADBEARING_WINDOW: id, LOADBEARING_LOG_FILE: path.join(base, `window-${id}.log`) },
        echo: (line) => console.log(`[window ${id}] ${line}`),
        timeoutMs: 900_000,
      });
    const windows = [window('A'), window('B')];
    const cliErrors = await cliActor(plan, syncDir, cli);
    const results = await Promise.all(windows);
    for (const r of results) {
      counts.passed += r.passed;
      counts.failed += r.failed;
    }
    check("the CLI's marks and reviews all succeeded while the windows worked", cliErrors.length === 0, cliErrors.join('\n        '));
    const { stdout } = await cli('status', '--json');
    const mismatch = compareWithDisk(plan, JSON.parse(stdout) as StatusRegion[]);
    check('the ledger on disk holds every mark and review of all three actors', mismatch.length === 0, mismatch.join('\n        '));
    if (counts.failed > 0) for (const id of ['A', 'B']) printTail(path.join(base, `window-${id}.log`), `window ${id}`);
  } finally {
    await server.stop();
  }
  return counts;
}

function writePlannedFiles(repo: string, plan: WindowsPlan): void {
  const files = new Map<string, number>([[plan.shared, Math.max(...plan.sharedLines) + 1]]);
  for (const a of Object.values(plan.actors)) files.set(a.own, Math.max(...a.marks) + 1);
  for (const [rel, lines] of files) fs.writeFileSync(path.join(repo, rel), fileText(lines));
  execFileSync('git', ['add', '-A'], { cwd: repo });
  execFileSync('git', ['commit', '-q', '-m', 'Files for the two-windows race'], { cwd: repo });
}

/** The CLI's part of the race, started once both windows are ready; returns the failures, after both are done. */
async function cliActor(plan: WindowsPlan, syncDir: string, cli: (...args: string[]) => Promise<unknown>): Promise<string[]> {
  const sync = (name: string) => path.join(syncDir, name);
  const errors: string[] = [];
  const attempt = async (what: string, ...args: string[]) => {
    try {
      await cli(...args);
    } catch (error) {
      errors.push(`${what}: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
    }
  };
  const both = (names: Record<'A' | 'B', string>) => () => fs.existsSync(sync(names.A)) && fs.existsSync(sync(names.B));
  if (!(await until(both(plan.sync.ready), 300_000))) errors.push('the windows were not ready within 300 s');
  fs.writeFileSync(sync(plan.sync.go), '');
  const mine = plan.actors.cli;
  const shared = [...mine.reviewsShared];
  for (const line of mine.marks) {
    await attempt(`mark ${mine.own}:${line}`, 'mark', mine.own, '--lines', `${line}-${line}`, '--source', 'agent', '--tool', 'race');
    // Critical files: a scripted --yes states its reason.
    const reason = ['--reason', 'scripted review in the two-windows race'];
    if (mine.reviewsOwn.includes(line)) await attempt(`review ${mine.own}:${line}`, 'review', `${mine.own}:${line}`, '--yes', ...reason);
    const next = shared.shift();
    if (next !== undefined) await attempt(`review ${plan.shared}:${next}`, 'review', `${plan.shared}:${next}`, '--yes', ...reason);
  }
  if (!(await until(both(plan.sync.done), 600_000))) errors.push('the windows did not finish their part within 600 s');
  fs.writeFileSync(sync(plan.sync.end), '');
  return errors;
}

interface StatusRegion {
  path: string;
  startLine: number;
  endLine: number;
  reviewed: boolean;
}

/** Every planned region is in `loadbearing status --json`, reviewed exactly when some actor reviewed it. */
function compareWithDisk(plan: WindowsPlan, status: StatusRegion[]): string[] {
  const want = new Map<string, boolean>();
  for (const line of plan.sharedLines) want.set(`${plan.shared}:${line}`, true);
  for (const a of Object.values(plan.actors)) for (const line of a.marks) want.set(`${a.own}:${line}`, a.reviewsOwn.includes(line));
  const got = new Map(status.map((r) => [`${r.path}:${r.startLine}`, r.reviewed]));
  const problems: string[] = [];
  for (const [key, reviewed] of want) {
    if (!got.has(key)) problems.push(`${key}: the region is missing`);
    else if (got.get(key) !== reviewed) problems.push(`${key}: reviewed is ${got.get(key)}, expected ${reviewed}`);
  }
  for (const key of got.keys()) if (!want.has(key)) problems.push(`${key}: a region nobody marked`);
  return problems;
}

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function printTail(file: string, label: string, lines = 60): void {
  if (!fs.existsSync(file)) return;
  const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  console.log(`--- ${label}: last ${tail.length} lines of the extension log ---\n${tail.join('\n')}\n---`);
}
