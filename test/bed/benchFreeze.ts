// UI-freeze scenarios: how long the renderer and the extension host of a real VS Code are blocked while the user
// types, reviews, pastes 20 MB or opens a 1M-line file in critical folders; each run once with Loadbearing and once
// in an identical window without it, alternately, in the same code-server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { max, quantile, ScenarioResult } from './benchStats';
import { CodeServer, startCodeServer } from './codeServer';
import { createDemoRepo } from './demoRepo';
import { runExtensionTests } from './extensionTests';
import { outDir, root } from './paths';

/** "No UI freeze longer than 100 ms" from Loadbearing. */
export const TARGET_MS = 100;

// Must match test/integration/bench/freeze.ts.
const FREEZE_PREFIX = 'LBFREEZE ';

/** Per phase, how many user steps (keystrokes, reviews) it takes: renderer time is reported per step. */
const phaseSteps: Record<string, number> = { typing: 200, review: 30 };
/** "Renderer time per keystroke / per review within 1.2× of a run without Loadbearing" (issue 13). */
const RENDERER_TIME_RATIO = 1.2;

const freezePhases: Record<string, string> = {
  typing: 'typing 200 keys in a 10k-line file, 500 regions',
  review: 'reviewing 30 regions one by one',
  paste: '20 MB AI paste',
  open: 'opening a 1M-line file, regions re-anchored',
};

/** Time in Loadbearing's bundle from the extension host's CPU profile (test/integration/bench/freezeProbe.ts). */
interface OwnCode {
  longestWall: number;
  longest: number;
  total: number;
}

/** Which window: with Loadbearing, without it, or the floor (test/integration/bench/freezePhases.ts, `Mode`). */
type Mode = 'with' | 'without' | 'floor';

/** What test/integration/bench/freeze.ts writes. */
interface HostReport {
  mode: Mode;
  phases: { name: string; begin: number; end: number; hostLags: number[]; ownCode: OwnCode; unsettled: boolean }[];
}

/** The period of the probes' timers (the extension host's is in test/integration/bench/freezeProbe.ts). */
const TICK_MS = 10;

/** The page's probe: [epoch ms, lag] of a 10 ms timer and [epoch ms, duration] of Chromium's long tasks. */
interface RendererProbe {
  ticks: [number, number][];
  longTasks: [number, number][];
}

interface PhaseRun {
  host: number[];
  renderer: number[];
  longTasks: number[];
  ownCode: OwnCode;
  unsettled: boolean;
}

/** Runs in the workbench page before its scripts: must be self-contained. */
function installRendererProbe(tickMs: number): void {
  if (window !== window.top) return;
  const probe = { ticks: [] as [number, number][], longTasks: [] as [number, number][] };
  (window as unknown as { __lbFreeze: typeof probe }).__lbFreeze = probe;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    probe.ticks.push([performance.timeOrigin + now, Math.max(0, now - last - tickMs)]);
    last = now;
  }, tickMs);
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) probe.longTasks.push([performance.timeOrigin + task.startTime, task.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * One window, with Loadbearing as development extension or a do-nothing one (without, floor), on a fresh repository.
 */
async function runWindow(server: CodeServer, mode: Mode, phases: string[]): Promise<Map<string, PhaseRun>> {
  const subject = mode === 'with';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-freeze-'));
  const workspace = createDemoRepo(path.join(dir, 'demo-shop'));
  const out = path.join(dir, 'host.json');
  let page: Page | undefined;
  let renderer: Promise<RendererProbe> | undefined;
  const failures: string[] = [];
  // LOADBEARING_BENCH_PROFILES=dir: CPU profiles of the extension host's phases and of the whole window's renderer.
  const profiles = process.env.LOADBEARING_BENCH_PROFILES || undefined;
  let rendererProfile: ((file: string) => Promise<void>) | undefined;
  const result = await runExtensionTests({
    server,
    workspace,
    extensionDevelopmentPath: subject ? root : path.join(root, 'test', 'bed', 'bench-runner'),
    extensionTestsPath: path.join(outDir, 'test', 'integration', 'bench', 'freeze.js'),
    extensionEnvironment: {
      LOADBEARING_FREEZE_PHASES: phases.join(','),
      LOADBEARING_FREEZE_OUT: out,
      LOADBEARING_FREEZE_SCRIPT: path.join(root, 'dist', 'extension.js'),
      LOADBEARING_FREEZE_FLOOR: mode === 'floor' ? '1' : '',
      LOADBEARING_BENCH_PROFILES: process.env.LOADBEARING_BENCH_PROFILES ?? '',
    },
    noCounts: true,
    timeoutMs: 600_000,
    onPage: async (p) => {
      page = p;
      await p.addInitScript(installRendererProbe, TICK_MS);
      if (profiles) rendererProfile = await startRendererProfile(p);
    },
    onConsole: (line) => {
      if (line.includes(`${FREEZE_PREFIX}failed`)) failures.push(line);
      if (!line.includes(`${FREEZE_PREFIX}written`) || !page) return;
      const profiled = rendererProfile?.(path.join(profiles!, `renderer-${mode}-${Date.now()}.cpuprofile`));
      renderer = page
        .evaluate(() => (window as unknown as { __lbFreeze: RendererProbe }).__lbFreeze)
        .then(async (probe) => (await profiled, probe))
        .finally(() => fs.writeFileSync(`${out}.read`, ''));
    },
  });
  if (result.exitCode !== 0 || !renderer || !fs.existsSync(out)) {
    throw new Error(`freeze window (${mode}) failed:\n${[...failures, ...result.lines].join('\n')}`);
  }
  const probe = await renderer;
  const host = JSON.parse(fs.readFileSync(out, 'utf8')) as HostReport;
  if (profiles) fs.copyFileSync(out, path.join(profiles, `phases-${mode}-${Date.now()}.json`));
  if (host.mode !== mode) throw new Error(`expected the ${mode} window, the window says ${host.mode}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const runs = new Map<string, PhaseRun>();
  for (const p of host.phases) {
    runs.set(p.name, {
      host: p.hostLags,
      renderer: probe.ticks.filter(([at, lag]) => at - lag - TICK_MS >= p.begin && at <= p.end).map(([, lag]) => lag),
      longTasks: probe.longTasks.filter(([at, d]) => at + d >= p.begin && at <= p.end).map(([, d]) => d),
      ownCode: p.ownCode,
      unsettled: p.unsettled,
    });
  }
  return runs;
}

/** Starts Chromium's sampling profiler and a timeline trace on the workbench page; the returned function writes both. */
async function startRendererProfile(page: Page): Promise<(file: string) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  // And a timeline trace beside it (style, layout, paint and frames, which the profile shows only as "(program)"):
  // `.trace.json`, opens in Chrome DevTools' Performance panel or Perfetto; trace and profile share one clock.
  const traceEvents: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => traceEvents.push(...e.value));
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  return async (file) => {
    await cdp.send('Tracing.end');
    await traced;
    fs.writeFileSync(file.replace(/\.cpuprofile$/, '.trace.json'), JSON.stringify({ traceEvents }));
    // The page's epoch time at the profile's end, to find a phase's samples (phases are timed in epoch ms).
    const endEpochMs = await page.evaluate(() => performance.timeOrigin + performance.now());
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify({ ...profile, endEpochMs }));
  };
}

const ms = (values: number[]) => values.map((v) => Math.round(v)).join(', ') + ' ms';
const over = (values: number[]) => values.filter((v) => v > TARGET_MS).length;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Runs with Loadbearing against runs without, on a per-run figure, allowing `margin`. */
function compare(withRuns: number[], withoutRuns: number[], margin: number): 'not higher' | 'higher' | 'overlap' {
  if (mean(withRuns) <= mean(withoutRuns) + margin) return 'not higher';
  // Higher in every run than in any run without: not this machine's noise.
  if (Math.min(...withRuns) > Math.max(...withoutRuns) + margin) return 'higher';
  return 'overlap';
}

/** The renderer's and the extension host's rows for one phase, over all runs (`floor`: the floor's, for typing and review). */
function phaseResults(name: string, withLb: PhaseRun[], without: PhaseRun[], floor: PhaseRun[]): ScenarioResult[] {
  const title = `freeze: ${freezePhases[name]}`;
  const longest = (runs: PhaseRun[], pick: (r: PhaseRun) => number[]) => runs.map((r) => max([0, ...pick(r)]));
  const unsettled = [...withLb, ...without].some((r) => r.unsettled) ? ['a window did not become quiet within 30 s: figures include a tail'] : [];

  const tasks = (runs: PhaseRun[]) => longest(runs, (r) => r.longTasks);
  const counts = (runs: PhaseRun[]) => runs.map((r) => over(r.longTasks));
  const comparisons = [compare(tasks(withLb), tasks(without), TARGET_MS), compare(counts(withLb), counts(without), 0)];
  const rendererVerdict = comparisons.includes('higher')
    ? `${verdict(false)}: Loadbearing adds long tasks (longer by over ${TARGET_MS} ms, or more of them over ${TARGET_MS} ms, in every run)`
    : comparisons.includes('overlap')
      ? `target ≤ ${TARGET_MS} ms INCONCLUSIVE: runs with and without Loadbearing overlap (this machine's noise exceeds the difference)`
      : `${verdict(true)}: no longer tasks (within ${TARGET_MS} ms, means of runs) and no more tasks over ${TARGET_MS} ms`;
  // Renderer time: how long the renderer's 10 ms timer was held back in all, the time its main thread was busy
  // beyond a tick (layout, paint and script alike), per user step, means of runs.
  const busy = (runs: PhaseRun[]) => mean(runs.map((r) => r.renderer.reduce((sum, lag) => sum + lag, 0)));
  const steps = phaseSteps[name];
  const stepName = name === 'typing' ? 'keystroke' : 'review';
  const timeRatio = busy(withLb) / Math.max(busy(without), 1);
  const rendererTime = steps
    ? [
        `renderer time per ${stepName} (timer held back, mean of runs): with ` +
          `${(busy(withLb) / steps).toFixed(1)} ms, without ${(busy(without) / steps).toFixed(1)} ms: ${timeRatio.toFixed(2)}x; ` +
          `median lag ${quantile(withLb.flatMap((r) => r.renderer), 0.5).toFixed(1)} vs ${quantile(without.flatMap((r) => r.renderer), 0.5).toFixed(1)} ms, ` +
          `p99 ${quantile(withLb.flatMap((r) => r.renderer), 0.99).toFixed(1)} vs ${quantile(without.flatMap((r) => r.renderer), 0.99).toFixed(1)} ms; ` +
          `target ≤ ${RENDERER_TIME_RATIO}x ${timeRatio <= RENDERER_TIME_RATIO ? 'MET' : 'NOT MET'}`,
      ]
    : [];
  if (steps && floor.length > 0) {
    rendererTime.push(
      `the floor (without Loadbearing, the test showing the same marks: 500 squiggles, gutter icons, tints and ruler ` +
        `marks${name === 'review' ? ', one region\'s cleared per review' : ''}): ${(busy(floor) / steps).toFixed(1)} ms per ${stepName}, ` +
        `${(busy(floor) / Math.max(busy(without), 1)).toFixed(2)}x without; Loadbearing ${(busy(withLb) / Math.max(busy(floor), 1)).toFixed(2)}x ` +
        `the floor; the floor's longest long task per run ${ms(tasks(floor))}`,
    );
  }
  const renderer: ScenarioResult = {
    name: `${title} — renderer`,
    unit: 'ms',
    samples: withLb.flatMap((r) => r.renderer),
    baselineName: 'without Loadbearing',
    baseline: without.flatMap((r) => r.renderer),
    ratioOf: 'max',
    notes: [
      `longest long task per run: with ${ms(tasks(withLb))}, without ${ms(tasks(without))}; ` +
        `tasks over ${TARGET_MS} ms per run: with ${counts(withLb).join(', ')}, without ${counts(without).join(', ')}`,
      rendererVerdict,
      ...rendererTime,
      ...unsettled,
    ],
  };

  const own = withLb.map((r) => r.ownCode.longest);
  const host: ScenarioResult = {
    name: `${title} — extension host`,
    unit: 'ms',
    samples: withLb.flatMap((r) => r.host),
    baselineName: 'without Loadbearing',
    baseline: without.flatMap((r) => r.host),
    ratioOf: 'max',
    notes: [
      `longest block per run: with ${ms(longest(withLb, (r) => r.host))}, without ${ms(longest(without, (r) => r.host))}`,
      `Loadbearing's own code (CPU profile), longest uninterrupted stretch per run: ${ms(own)} ` +
        `(wall clock ${ms(withLb.map((r) => r.ownCode.longestWall))}, including time the machine gave other processes; ` +
        `in all ${ms(withLb.map((r) => r.ownCode.total))})`,
      `${verdict(mean(own) <= TARGET_MS)}: Loadbearing's code holds the extension host for at most ${Math.round(mean(own))} ms at a time (mean of runs)`,
      ...unsettled,
    ],
  };
  return [renderer, host];
}

function verdict(met: boolean): string {
  return `target ≤ ${TARGET_MS} ms ${met ? 'MET' : 'NOT MET'}`;
}

/**
 * Alternates windows without and with Loadbearing, `runs` times each, in one code-server; with the typing phase (and
 * the review after it), also the floor's windows.
 */
export async function freezeScenario(phases: string[], runs: number): Promise<ScenarioResult[]> {
  const server = await startCodeServer();
  const runsOf: Record<Mode, Map<string, PhaseRun>[]> = { with: [], without: [], floor: [] };
  const modes: Mode[] = phases.includes('typing') ? ['without', 'with', 'floor'] : ['without', 'with'];
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of modes) {
        process.stderr.write(`[bench] freeze run ${i + 1}/${runs}: ${mode === 'floor' ? 'the floor' : `${mode} Loadbearing`}…\n`);
        runsOf[mode].push(await runWindow(server, mode, phases));
      }
    }
  } finally {
    await server.stop();
  }
  const of = (mode: Mode, name: string) => runsOf[mode].map((m) => m.get(name)!);
  return phases.flatMap((name) => phaseResults(name, of('with', name), of('without', name), phaseSteps[name] ? of('floor', name) : []));
}
