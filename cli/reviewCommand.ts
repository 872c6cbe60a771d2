// `loadbearing review <path>[:<line>] [--yes]`: a person acknowledges AI regions from a terminal.
import type { Acknowledgment, Reviewer } from '../core/ledger';
import { reviewHash } from '../core/ledger';
import type { RegionView } from '../core/regionView';
import { readReviewer, REVIEWER_HELP, reviewerLabel } from '../core/reviewer';
import type { CliIo } from './cli';
import type { CliCommand } from './commandTable';
import { parseCommandArgs } from './args';
import { workTreeTiers } from './policy';
import { openRepo, readLedger, repoPathArg, RepoContext } from './repoContext';
import { UsageError } from './usageError';
import { readWorkText, workFile } from './workTree';

const MAX_SHOWN_LINES = 40;

export const reviewCommand: CliCommand = {
  name: 'review',
  usage: 'review <path>[:<line>] [--yes]',
  summary: 'Acknowledge reviewing a region (or a whole file where its tier allows).',
  details: [
    'With :<line>, the region(s) at that 1-based line; without, every unreviewed region of the file, except in a',
    'critical file, where each region is reviewed on its own (give a line, or answer for each when asked).',
    'Asks for confirmation on the terminal unless --yes. The reviewer is git config user.name / user.email.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { yes: { type: 'boolean', short: 'y' } });
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one <path>[:<line>]');
    const { file: fileArg, line } = splitLine(parsed.positionals[0]);
    const yes = parsed.values.yes === true;
    if (!yes && !io.ask) throw new UsageError('no terminal to ask on: pass --yes to acknowledge without being asked');

    const ctx = openRepo(io);
    const repoPath = repoPathArg(ctx, io, fileArg);
    const reviewer = await readReviewer(ctx.repo.root, { env: io.env });
    if (!reviewer) throw new UsageError(`no reviewer: ${REVIEWER_HELP}`);
    const read = await readLedger(ctx);
    if ('problem' in read) {
      for (const l of read.problem) io.err(l);
      return 1;
    }
    const text = await readWorkText(ctx, repoPath);
    if (text === undefined) throw new UsageError(`${fileArg} does not exist or is not a file`);
    const open = workFile(read.ledger, repoPath, text).views.filter((v) => !v.ack);
    const tier = workTreeTiers(ctx.repo.root)(repoPath);

    let targets: RegionView[];
    if (line !== undefined) {
      targets = open.filter((v) => v.startLine + 1 <= line && line <= v.endLine + 1);
      if (targets.length === 0) {
        io.out(`${repoPath}:${line}: no unreviewed AI-written region at this line.`);
        return 0;
      }
    } else {
      targets = open;
      if (targets.length === 0) {
        io.out(`${repoPath}: no unreviewed AI-written regions.`);
        return 0;
      }
      if (tier === 'critical' && yes) {
        throw new UsageError(`${repoPath} is critical: regions are reviewed one at a time; give a line, e.g. ${repoPath}:${targets[0].startLine + 1}`);
      }
    }

    const oneByOne = tier === 'critical' || targets.length === 1;
    const chosen: RegionView[] = [];
    if (yes) chosen.push(...targets);
    else if (oneByOne) {
      for (const view of targets) {
        show(io, repoPath, tier, view);
        if (await confirm(io, `Mark ${repoPath}:${view.startLine + 1}-${view.endLine + 1} as reviewed by ${reviewerLabel(reviewer)}? [y/N] `)) chosen.push(view);
      }
    } else {
      for (const view of targets) show(io, repoPath, tier, view);
      if (await confirm(io, `Mark these ${targets.length} regions of ${repoPath} as reviewed by ${reviewerLabel(reviewer)}? [y/N] `)) chosen.push(...targets);
    }
    if (chosen.length === 0) {
      io.out('Nothing acknowledged.');
      return 1;
    }
    await acknowledge(ctx, repoPath, chosen, reviewer);
    for (const view of chosen) io.out(`reviewed ${repoPath}:${view.startLine + 1}-${view.endLine + 1}  ${tier ?? '-'}  ${view.origin?.source ?? 'unknown'}`);
    return 0;
  },
};

/** `a/b.ts:12` → file and line; a path that merely contains a colon stays whole. */
function splitLine(arg: string): { file: string; line?: number } {
  const match = /^(.+):(\d+)$/.exec(arg);
  if (!match) return { file: arg };
  const line = Number(match[2]);
  if (line < 1) throw new UsageError(`line numbers start at 1, not ${match[2]}`);
  return { file: match[1], line };
}

async function acknowledge(ctx: RepoContext, repoPath: string, views: RegionView[], reviewer: Reviewer): Promise<void> {
  const time = new Date().toISOString();
  const acks: Acknowledgment[] = views.map((v) => ({ origin: v.region.origin, textHash: reviewHash(v.text, repoPath), path: repoPath, reviewer, time }));
  // On disk before we say "reviewed": the gate reads the ledger, not our memory.
  await ctx.store.update({ acks });
  for (const ack of acks) await ctx.store.audit({ type: 'acknowledgment', origin: ack.origin, path: repoPath, reviewer, via: 'cli' });
}

function show(io: CliIo, repoPath: string, tier: string | null, view: RegionView): void {
  io.out(`${repoPath}:${view.startLine + 1}-${view.endLine + 1}  ${tier ?? '-'}  ${view.origin?.source ?? 'unknown'}  ${view.origin?.confidence ?? ''}`);
  const lines = view.text.replace(/\r?\n$/, '').split(/\r\n|\r|\n/);
  const shown = lines.slice(0, MAX_SHOWN_LINES);
  shown.forEach((l, k) => io.out(`  ${String(view.startLine + 1 + k).padStart(5)} | ${l}`));
  if (lines.length > shown.length) io.out(`  … ${lines.length - shown.length} more lines`);
}

async function confirm(io: CliIo, question: string): Promise<boolean> {
  const answer = io.ask ? await io.ask(question) : '';
  return /^y(es)?$/i.test(answer.trim());
}
