// UI-freeze benchmark entry inside the extension host (test/bed/benchFreeze.ts opens it with and without Loadbearing):
// runs each phase between two quiet moments, and reports the extension host's timer lags and Loadbearing's share.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../helpers';
import { epochNow, LagProbe, OwnCode, Profiler, timeIn } from './freezeProbe';
import { Mode, Phase, phases } from './freezePhases';

// Must match test/bed/benchFreeze.ts.
const FREEZE_PREFIX = 'LBFREEZE ';

/** Quiet: the extension host and the renderer answered within this many ms, for QUIET_MS in a row. */
const QUIET_LAG_MS = 50;
const QUIET_MS = 1000;
const SETTLE_TIMEOUT_MS = 30_000;

interface PhaseResult {
  name: string;
  /** Epoch ms of the measured window. */
  begin: number;
  end: number;
  hostLags: number[];
  /** Time in Loadbearing's bundle (dist/extension.js, its language client included) during the window. */
  ownCode: OwnCode;
  /** The window did not reach a quiet moment before its timeout. */
  unsettled: boolean;
}

export async function run(): Promise<void> {
  const probe = new LagProbe();
  try {
    const subject = vscode.extensions.getExtension('loadbearing.loadbearing') !== undefined;
    if (subject) await activateExtension();
    const mode: Mode = subject ? 'with' : process.env.LOADBEARING_FREEZE_FLOOR === '1' ? 'floor' : 'without';
    const wanted = (process.env.LOADBEARING_FREEZE_PHASES ?? '').split(',');
    const results: PhaseResult[] = [];
    for (const phase of phases.filter((p) => wanted.includes(p.name))) results.push(await measure(phase, probe, mode));
    // A file, not the console: VS Code drops console messages longer than 100,000 characters.
    const out = process.env.LOADBEARING_FREEZE_OUT ?? '';
    fs.writeFileSync(out, JSON.stringify({ mode, phases: results }));
    // The bench reads the renderer's probe from the page, which closes when this entry returns.
    console.log(`${FREEZE_PREFIX}written`);
    await waitFor(() => fs.existsSync(`${out}.read`), 'the bench to read the renderer probe', 120_000);
  } catch (error) {
    console.log(`${FREEZE_PREFIX}failed: ${error instanceof Error ? error.stack : String(error)}`);
    throw error;
  } finally {
    probe.dispose();
  }
}

async function measure(phase: Phase, probe: LagProbe, mode: Mode): Promise<PhaseResult> {
  await phase.prepare(mode);
  let unsettled = !(await settle());
  const profiler = new Profiler();
  await profiler.start();
  const begin = epochNow();
  await phase.act(mode);
  unsettled = !(await settle()) || unsettled;
  const end = epochNow();
  const profiles = process.env.LOADBEARING_BENCH_PROFILES;
  const profile = await profiler.stop(profiles ? path.join(profiles, `${phase.name}-${mode}-${Date.now()}.cpuprofile`) : undefined);
  await phase.cleanup();
  const ownCode = timeIn(profile, process.env.LOADBEARING_FREEZE_SCRIPT ?? 'dist/extension.js');
  return { name: phase.name, begin, end, hostLags: probe.between(begin, end), ownCode, unsettled };
}

/** Waits until both the extension host and the renderer (a command round trip) have been responsive for QUIET_MS. */
async function settle(): Promise<boolean> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quietSince = epochNow();
  while (epochNow() - quietSince < QUIET_MS) {
    if (Date.now() > deadline) return false;
    const sent = epochNow();
    await vscode.commands.executeCommand('setContext', 'loadbearingBench.ping', sent);
    const answered = epochNow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const late = epochNow() - answered - 100;
    if (answered - sent > QUIET_LAG_MS || late > QUIET_LAG_MS) quietSince = epochNow();
  }
  return true;
}
