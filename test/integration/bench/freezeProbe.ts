// What the UI-freeze benchmark measures inside the extension host: how late a 10 ms timer fires (the event loop was
// blocked that long), and a CPU profile that tells which of that time was Loadbearing's own code.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';

const TICK_MS = 10;

/** Epoch milliseconds with sub-millisecond precision: comparable with the renderer's `timeOrigin + now()`. */
export const epochNow = () => performance.timeOrigin + performance.now();

export class LagProbe {
  private readonly ticks: { at: number; lag: number }[] = [];
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.ticks.push({ at: performance.timeOrigin + now, lag: Math.max(0, now - this.last - TICK_MS) });
    this.last = now;
  }, TICK_MS);

  /** Lags of the ticks whose wait began in [begin, end] (epoch ms): a block before the window is not counted in it. */
  between(begin: number, end: number): number[] {
    return this.ticks.filter((t) => t.at - t.lag - TICK_MS >= begin && t.at <= end).map((t) => Math.round(t.lag * 100) / 100);
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}

export interface OwnCode {
  /** The longest run of consecutive profile samples inside the given script, wall clock, in ms. */
  longestWall: number;
  /** The same run counting only time the process was running: a gap between samples counts at most GAP_MS. */
  longest: number;
  /** All running time inside the script, in ms. */
  total: number;
}

const SAMPLING_US = 500;
/** Samples further apart than this mean the process was not running (a busy machine descheduled it). */
const GAP_MS = 2;

/** The V8 sampling profiler of this process, through the inspector (no port is opened). */
export class Profiler {
  private readonly session = new inspector.Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await this.post('Profiler.start');
  }

  /** Stops; `keep` names a file to save the profile in (it opens in Chrome's or VS Code's profile viewer). */
  async stop(keep?: string): Promise<inspector.Profiler.Profile> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: inspector.Profiler.Profile };
    this.session.disconnect();
    if (keep) fs.writeFileSync(keep, JSON.stringify(profile));
    return profile;
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

/** The time spent with a frame of a script whose URL contains `script` on the stack. */
export function timeIn(profile: inspector.Profiler.Profile, script: string): OwnCode {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, boolean>();
  const inScript = (id: number): boolean => {
    let known = memo.get(id);
    if (known === undefined) {
      const up = parent.get(id);
      known = byId.get(id)!.callFrame.url.includes(script) || (up !== undefined && inScript(up));
      memo.set(id, known);
    }
    return known;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const result: OwnCode = { longestWall: 0, longest: 0, total: 0 };
  let wall = 0;
  let running = 0;
  // Sample i lasts until sample i + 1.
  for (let i = 0; i <= samples.length; i++) {
    if (i < samples.length && inScript(samples[i])) {
      const ms = (deltas[i + 1] ?? 0) / 1000;
      wall += ms;
      running += Math.min(ms, GAP_MS);
      result.total += Math.min(ms, GAP_MS);
      continue;
    }
    result.longestWall = Math.max(result.longestWall, wall);
    result.longest = Math.max(result.longest, running);
    wall = 0;
    running = 0;
  }
  return result;
}
