// Benchmark entry inside the extension host: times activating a do-nothing extension, then the installed Loadbearing.
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Profiler } from './freezeProbe';

const BENCH_PREFIX = 'LBBENCH ';

export async function run(): Promise<void> {
  const baseline = vscode.extensions.getExtension('loadbearing-tests.loadbearing-bench-baseline');
  const subject = vscode.extensions.getExtension<{ serverReady?: Promise<void>; shown?: () => { status: string } } | undefined>('loadbearing.loadbearing');
  if (!baseline || !subject) throw new Error('benchmark extensions are not installed');
  if (subject.isActive) throw new Error('Loadbearing was already active: the bench workspace must not activate it');
  let t = performance.now();
  await baseline.activate();
  const baselineMs = performance.now() - t;
  // LOADBEARING_BENCH_PROFILES=dir: a CPU profile of the activation (the profiler slows it: figures are then not comparable).
  const profiles = process.env.LOADBEARING_BENCH_PROFILES;
  const profiler = profiles ? new Profiler() : undefined;
  await profiler?.start();
  t = performance.now();
  const api = await subject.activate();
  const activationMs = performance.now() - t;
  // Until the language server answered: activation no longer waits for it (older builds did, and export nothing).
  await api?.serverReady;
  const readyMs = performance.now() - t;
  await profiler?.stop(path.join(profiles!, `activation-${Date.now()}.cpuprofile`));
  // serverReady also settles when the server failed to start: that is no figure to report.
  const status = api?.shown?.().status;
  if (status?.includes('$(error)')) throw new Error(`the language server did not start (status bar: ${status})`);
  console.log(BENCH_PREFIX + JSON.stringify({ activationMs, baselineMs, readyMs }));
}
