// Startup scenarios: extension activation in real VS Code, and language server start in plain Node.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { median, ScenarioResult } from './benchStats';
import { installVsix, newSandbox, startCodeServer } from './codeServer';
import { runExtensionTests } from './extensionTests';
import { outDir, root, vsixPath } from './paths';

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

/** Time from spawning dist/server.js to its answer to `initialize`, vs. a Node process answering one message. */
export async function serverStartScenario(runs: number): Promise<ScenarioResult> {
  const samples: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await timeInitialize());
    baseline.push(await timeEcho());
  }
  const ratio = median(samples) / median(baseline);
  return {
    name: 'language server start to initialize',
    unit: 'ms',
    samples,
    baselineName: 'node echo process',
    baseline,
    notes: [`target ≤ 1.3x a Node echo process ${ratio <= 1.3 ? 'MET' : 'NOT MET'}: ${ratio.toFixed(2)}x`],
  };
}

async function timeInitialize(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  const elapsed = performance.now() - started;
  connection.dispose();
  child.kill();
  return elapsed;
}

async function timeEcho(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', "process.stdin.once('data', (d) => { process.stdout.write(d); process.exit(0); })"], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const answered = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdin.write('ping');
  await answered;
  const elapsed = performance.now() - started;
  child.kill();
  return elapsed;
}
