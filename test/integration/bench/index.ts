// Benchmark entry inside the extension host: times activating a do-nothing extension, then the installed Loadbearing.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

const BENCH_PREFIX = 'LBBENCH ';

export async function run(): Promise<void> {
  const baseline = vscode.extensions.getExtension('loadbearing-tests.loadbearing-bench-baseline');
  const subject = vscode.extensions.getExtension<{ serverReady?: Promise<void> } | undefined>('loadbearing.loadbearing');
  if (!baseline || !subject) throw new Error('benchmark extensions are not installed');
  if (subject.isActive) throw new Error('Loadbearing was already active: the bench workspace must not activate it');
  let t = performance.now();
  await baseline.activate();
  const baselineMs = performance.now() - t;
  t = performance.now();
  const api = await subject.activate();
  const activationMs = performance.now() - t;
  // Until the language server answered: activation no longer waits for it (older builds did, and export nothing).
  await api?.serverReady;
  const readyMs = performance.now() - t;
  console.log(BENCH_PREFIX + JSON.stringify({ activationMs, baselineMs, readyMs }));
}
