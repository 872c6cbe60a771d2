// `loadbearing status [--json]`: the AI-written regions of the working tree, their tier and review state.
import { describeCorruptLedger } from '../core/ledger/ledgerStore';
import { reviewerLabel } from '../core/review/reviewer';
import { parseCommandArgs, rejectExtraPositionals } from './args';
import { workTreeTiers } from './policy';
import { ledgerProblems, openRepo, readLedger } from './repoContext';
import { workFiles } from './workTree';
import type { CliCommand } from './command';

/** One element of `status --json`: the contract's fields first. */
export interface StatusRegion {
  path: string;
  startLine: number;
  endLine: number;
  source: string;
  confidence: string;
  tier: string | null;
  reviewed: boolean;
  reviewer: string | null;
  reviewedAt: string | null;
  origin: string;
  time: string | null;
  tool: string | null;
  /** For agent hooks: the model the agent named and its session id. */
  model: string | null;
  session: string | null;
}

export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'status [--json]',
  summary: 'The AI-written regions of the working tree.',
  details: [
    '--json prints an array of {path, startLine, endLine (1-based, inclusive), source, confidence, tier, reviewed,',
    'reviewer, reviewedAt, origin, time, tool, model, session}.',
    '--repair moves a corrupted ledger aside (kept as ledger.corrupt-<time>.json) so a fresh one can start.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, repair: { type: 'boolean' } });
    rejectExtraPositionals(parsed);
    const ctx = openRepo(io);
    if (parsed.values.repair === true) {
      const { corruption } = await ctx.store.read();
      io.err(corruption ? `Loadbearing: ${describeCorruptLedger(ctx.store.file, corruption.movedTo, corruption.reason)}` : 'Loadbearing: the ledger is readable; nothing to repair');
    }
    const read = await readLedger(ctx);
    if ('problem' in read) {
      for (const line of read.problem) io.err(line);
      return 1;
    }
    for (const line of ledgerProblems(ctx)) io.err(line);
    const tierOf = workTreeTiers(ctx.repo.root);
    const rows: StatusRegion[] = [];
    for (const file of await workFiles(ctx, read.ledger)) {
      const tier = tierOf(file.path);
      for (const view of file.views) {
        rows.push({
          path: file.path,
          startLine: view.startLine + 1,
          endLine: view.endLine + 1,
          source: view.origin?.source ?? 'unknown',
          confidence: view.origin?.confidence ?? 'likely',
          tier,
          reviewed: view.ack !== undefined,
          reviewer: view.ack ? reviewerLabel(view.ack.reviewer) : null,
          reviewedAt: view.ack?.time ?? null,
          origin: view.region.origin,
          time: view.origin?.time ?? null,
          tool: view.origin?.tool ?? null,
          model: view.origin?.model ?? null,
          session: view.origin?.session ?? null,
        });
      }
    }
    if (parsed.values.json === true) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      io.out('No AI-written regions in the working tree.');
      return 0;
    }
    for (const r of rows) {
      const state = r.reviewed ? `reviewed by ${r.reviewer}` : 'unreviewed';
      io.out(`${r.path}:${r.startLine}-${r.endLine}  ${r.tier ?? '-'}  ${r.source}  ${r.confidence}  ${state}`);
    }
    const open = rows.filter((r) => !r.reviewed).length;
    io.out(`${rows.length} region${rows.length === 1 ? '' : 's'}, ${open} unreviewed.`);
    return 0;
  },
};
