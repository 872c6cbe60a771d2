// `npm test`: unit tests in plain Node, the integration suite in real VS Code, and the installed-.vsix test;
// ends with one line of totals over all suites, which is what CI reads.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import { installVsix, newSandbox, sandboxDirs, startCodeServer } from './codeServer';
import { createDemoRepo } from './demoRepo';
import { runExtensionTests } from './extensionTests';
import { outDir, root, vsixPath } from './paths';
import { twoWindowsSuite } from './twoWindows';

interface Outcome {
  suite: string;
  passed: number;
  failed: number;
}

type Suite = () => Promise<Outcome>;

/** Runs the mocha files of one folder in this process. */
async function mochaSuite(suite: string, dir: string, timeout: number): Promise<Outcome> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout });
  const grep = process.env.LOADBEARING_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(dir).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats!));
  });
  // mocha counts a failing hook as a failure too; a suite that ran nothing is a failure.
  return { suite, passed: stats.passes, failed: stats.failures + (stats.passes + stats.failures === 0 ? 1 : 0) };
}

const unitSuite = () => mochaSuite('unit', path.join(outDir, 'test', 'unit'), 30_000);
const uiSuite = () => mochaSuite('ui (VS Code, Playwright)', path.join(outDir, 'test', 'bed', 'ui'), 180_000);

function workspace(name: string): string {
  return createDemoRepo(path.join(fs.mkdtempSync(path.join(os.tmpdir(), `lb-${name}-`)), 'demo-shop'));
}

async function integrationSuite(): Promise<Outcome> {
  if (process.env.LOADBEARING_TEST_ELECTRON === '1') return electronSuite();
  const server = await startCodeServer();
  const logFile = path.join(server.home, 'loadbearing.log');
  try {
    const result = await runExtensionTests({
      server,
      workspace: workspace('integration'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'test', 'integration', 'index.js'),
      extensionEnvironment: { LOADBEARING_LOG_FILE: logFile },
      echo: (line) => console.log(line),
    });
    if (result.failed > 0) printLogTail(logFile);
    return { suite: 'integration (VS Code)', passed: result.passed, failed: result.failed };
  } catch (error) {
    console.error(`integration: ${String(error)}\n${server.log()}`);
    return { suite: 'integration (VS Code)', passed: 0, failed: 1 };
  } finally {
    await server.stop();
  }
}

/** The extension's own log (LOADBEARING_LOG_FILE) explains a failure better than the assertion does. */
function printLogTail(file: string, lines = 80): void {
  if (!fs.existsSync(file)) return;
  const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  console.log(`--- last ${tail.length} lines of the extension log (${file}) ---\n${tail.join('\n')}\n---`);
}

/** Where VS Code can be downloaded: the same suite through @vscode/test-electron (LOADBEARING_TEST_ELECTRON=1). */
async function electronSuite(): Promise<Outcome> {
  const { runTests } = await import('@vscode/test-electron');
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-electron-')), 'result.json');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'test', 'integration', 'index.js'),
      launchArgs: [workspace('electron'), '--disable-workspace-trust'],
      extensionTestsEnv: { LOADBEARING_RESULT_FILE: resultFile },
    });
  } catch (error) {
    console.error(`integration (electron): ${String(error)}`);
  }
  const counts = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Omit<Outcome, 'suite'>) : undefined;
  return { suite: 'integration (Electron)', passed: counts?.passed ?? 0, failed: counts ? counts.failed : 1 };
}

async function installSuite(): Promise<Outcome> {
  const packaged = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs')], { cwd: root, stdio: 'inherit' });
  if (packaged.status !== 0) {
    console.error('install: packaging the .vsix failed');
    return { suite: 'install (.vsix)', passed: 0, failed: 1 };
  }
  const sandbox = newSandbox();
  console.log((await installVsix(sandbox, vsixPath)).trim());
  const server = await startCodeServer({ sandbox });
  try {
    const result = await runExtensionTests({
      server,
      workspace: workspace('install'),
      extensionDevelopmentPath: path.join(root, 'test', 'bed', 'install-runner'),
      extensionTestsPath: path.join(outDir, 'test', 'integration', 'install', 'index.js'),
      extensionEnvironment: { LOADBEARING_EXPECT_EXTENSIONS_DIR: sandboxDirs(sandbox).extensionsDir },
      echo: (line) => console.log(line),
    });
    return { suite: 'install (.vsix)', passed: result.passed, failed: result.failed };
  } finally {
    await server.stop();
  }
}

/** The Restricted Mode suite: an untrusted workspace, where nothing may be installed or run. */
async function restrictedSuite(): Promise<Outcome> {
  const server = await startCodeServer({ restricted: true });
  try {
    const result = await runExtensionTests({
      server,
      workspace: workspace('restricted'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'test', 'integration', 'untrusted', 'index.js'),
      echo: (line) => console.log(line),
    });
    return { suite: 'restricted mode (VS Code)', passed: result.passed, failed: result.failed };
  } finally {
    await server.stop();
  }
}

/** Two windows and the CLI racing on one repository (test/bed/twoWindows.ts). */
async function windowsSuite(): Promise<Outcome> {
  return { suite: 'two windows + CLI', ...(await twoWindowsSuite()) };
}

const suites: Record<string, Suite> = {
  unit: unitSuite,
  integration: integrationSuite,
  windows: windowsSuite,
  restricted: restrictedSuite,
  ui: uiSuite,
  install: installSuite,
};

/**
 * CI shows only the end of a long run: the failure blocks mocha printed (and the test bed's own ✘ lines) are
 * collected as they pass and repeated just before the summary, so the end of the output names what failed.
 */
function collectFailures(): () => string[] {
  const lines: string[] = [];
  let partial = '';
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = partial + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  return () => {
    const picked: string[] = [];
    lines.forEach((line, i) => {
      if (/^(\[[^\]]+\] )?\s*\d+ failing/.test(line)) picked.push(...lines.slice(i, i + 40), '');
      else if (/\[bed\] ✘/.test(line)) picked.push(...lines.slice(i, i + 2));
    });
    return picked.slice(0, 200);
  };
}

async function main(): Promise<void> {
  const failures = collectFailures();
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1]?.split(',') : undefined;
  const outcomes: Outcome[] = [];
  for (const [name, suite] of Object.entries(suites)) {
    if (only && !only.includes(name)) continue;
    console.log(`\n=== ${name} ===`);
    try {
      outcomes.push(await suite());
    } catch (error) {
      console.error(`${name}: the suite could not run: ${error instanceof Error ? error.stack : String(error)}`);
      outcomes.push({ suite: name, passed: 0, failed: 1 });
    }
  }
  const failedLines = failures();
  if (failedLines.length > 0) console.log(`\n=== failures (repeated from above) ===\n${failedLines.join('\n')}`);
  console.log('\n=== summary ===');
  for (const o of outcomes) console.log(`  ${o.suite.padEnd(24)} ${o.passed} passing, ${o.failed} failing`);
  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
  const code = failed > 0 || outcomes.length === 0 ? 1 : 0;
  // Exit once the totals are out: a browser or code-server a failed test leaked would otherwise keep this process
  // (and CI) waiting forever after the run is over.
  process.stdout.write(`${passed} passed, ${failed} failed\n`, () => process.exit(code));
}

void main();
