// Startup scenarios: extension activation in real VS Code, and language server start in plain Node.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { median, ScenarioResult } from './benchStats';
import { installVsix, newSandbox, startCodeServer } from './codeServer';
import { runExtensionTests } from './extensionTests';
import { outDir, root, vsixPath } from './paths';
import { ensureNode24 } from './provision';

/** Activation of the packaged extension vs. a do-nothing extension, each in a fresh window. */
export async function activationScenario(runs: number): Promise<ScenarioResult[]> {
  const sandbox = newSandbox();
  await installVsix(sandbox, vsixPath);
  const server = await startCodeServer({ sandbox });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-ws-'));
  fs.writeFileSync(path.join(workspace, 'index.ts'), 'export {};\n');
  const samples: number[] = [];
  const baseline: number[] = [];
  const ready: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      let measured: { activationMs: number; baselineMs: number; readyMs: number } | undefined;
      const result = await runExtensionTests({
        server,
        workspace,
        extensionDevelopmentPath: path.join(root, 'test', 'bed', 'bench-runner'),
        extensionTestsPath: path.join(outDir, 'test', 'integration', 'bench', 'index.js'),
        noCounts: true,
        extensionEnvironment: { LOADBEARING_BENCH_PROFILES: process.env.LOADBEARING_BENCH_PROFILES ?? '' },
        onConsole: (line) => {
          const at = line.indexOf('LBBENCH ');
          if (at >= 0) measured = JSON.parse(line.slice(at + 'LBBENCH '.length));
        },
      });
      if (!measured || result.exitCode !== 0) throw new Error(`activation run ${i} failed: ${result.lines.join('\n')}`);
      samples.push(measured.activationMs);
      baseline.push(measured.baselineMs);
      ready.push(measured.readyMs);
    }
  } finally {
    await server.stop();
  }
  const ratio = median(samples) / median(baseline);
  return [
    {
      name: 'extension activation (activate() returns)',
      unit: 'ms',
      samples,
      baselineName: 'no-op extension',
      baseline,
      notes: [`target ≤ 1.5x a do-nothing extension ${ratio <= 1.5 ? 'MET' : 'NOT MET'}: ${ratio.toFixed(2)}x`],
    },
    { name: 'extension activation until the server answered', unit: 'ms', samples: ready, baselineName: 'no-op extension', baseline },
  ];
}

/** A Node the bench runs the language server and the CLI on: its name in the report and its binary. */
export interface BenchRuntime {
  name: string;
  bin: string;
}

/**
 * The runtimes the server and the CLI are measured on: the one the server runs on in use first (code-server runs
 * extensions, and so forks the server, on Node 24; VS Code desktop on its Electron's Node 22), then the bench's Node.
 */
export function benchRuntimes(): BenchRuntime[] {
  const vscodeNode = ensureNode24();
  const runtimes = [{ name: `Node ${nodeVersion(vscodeNode)}, code-server's runtime`, bin: vscodeNode }];
  if (path.resolve(vscodeNode) !== path.resolve(process.execPath)) runtimes.push({ name: `Node ${process.versions.node}, the bench's`, bin: process.execPath });
  return runtimes;
}

function nodeVersion(bin: string): string {
  return spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * Time from spawning dist/server.js to its answer to `initialize`, vs. a Node process answering one message, on each
 * runtime. The server keeps V8's compiled code in a compile cache (Node ≥ 22.1): the samples are starts with the cache
 * written (every start after the first); the first start, which writes it, is in the notes.
 */
export async function serverStartScenario(runs: number): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const runtime of benchRuntimes()) {
    // A cache folder of its own (compileCacheDir honours XDG_CACHE_HOME): the first start is a first start.
    const env = { ...process.env, XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-cache-')) };
    const first = await timeInitialize(runtime.bin, env);
    const samples: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      samples.push(await timeInitialize(runtime.bin, env));
      baseline.push(await timeEcho(runtime.bin));
    }
    fs.rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
    const ratio = median(samples) / median(baseline);
    results.push({
      name: `language server start to initialize (${runtime.name})`,
      unit: 'ms',
      samples,
      baselineName: 'node echo process',
      baseline,
      notes: [
        `target ≤ 1.3x a Node echo process ${ratio <= 1.3 ? 'MET' : 'NOT MET'}: ${ratio.toFixed(2)}x; ` +
          `the first start (compile cache not yet written) ${first.toFixed(0)} ms, ${(first / median(baseline)).toFixed(2)}x`,
      ],
    });
  }
  return results;
}

async function timeInitialize(bin: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(bin, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  const elapsed = performance.now() - started;
  // Then as a client goes on: `initialized` (the server writes its compile cache), and a clean stop. Gone before the
  // next start, so that a dying server is no load on the next measurement.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stopping = setTimeout(() => child.kill(), 10_000);
  await connection.sendNotification('initialized', {});
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await exited;
  clearTimeout(stopping);
  connection.dispose();
  return elapsed;
}

async function timeEcho(bin: string): Promise<number> {
  const started = performance.now();
  const child = spawn(bin, ['-e', "process.stdin.once('data', (d) => { process.stdout.write(d); process.exit(0); })"], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const answered = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdin.write('ping');
  await answered;
  const elapsed = performance.now() - started;
  child.kill();
  return elapsed;
}
