// `loadbearing review [<path>[:<line>]] [--yes] [--reason TEXT]`: a person reviews AI regions in a terminal, one at a
// time with context, and each acknowledgment keeps its evidence (printed lines and seconds until answered, or a reason).
import type { Acknowledgment, Reviewer } from '../core/ledger/ledger';
import { reviewHash } from '../core/ledger/ledger';
import { checkReason, EvidenceThresholds, evidenceRequired, thresholdsFromEnv } from '../core/review/reviewEvidence';
import { readReviewer, REVIEWER_HELP, reviewerLabel } from '../core/review/reviewer';
import { shellWord } from '../core/review/commitGate';
import { requiresReviewEvidence, reviewsOneAtATime } from '../core/tier';
import { gateTiers, parseCommandArgs, stringValue } from './args';
import { workTreeTiers } from './policy';
import { openRepo, readLedger, repoPathArg, RepoContext } from './repoContext';
import { Asker, evidenceFor, evidenceLine, paint, Paint, printDiff, printRegion, regionLabel, ShownRegion, useColor } from './reviewTerminal';
import { readWorkText, workFile, workFiles } from './workTree';
import { type CliCommand, type CliIo, UsageError } from './command';

export const reviewCommand: CliCommand = {
  name: 'review',
  usage: 'review [<path>[:<line>]] [--yes] [--reason TEXT]',
  summary: 'Review AI regions in the terminal and acknowledge them (the ones blocking a commit, or a file\'s).',
  details: [
    'Without a path: every unreviewed region in a gated tier (--tiers, default critical,high) of the work tree, the',
    'ones that block a commit. With <path>: the file\'s regions; with <path>:<line>, the region(s) at that 1-based line.',
    'Each region is printed with a few lines of context, then asked about: y reviewed, n not reviewed, s skip,',
    'd show what the AI inserted, q stop. Answers are read line by line from the terminal or a pipe.',
    'Critical code must have been on screen long enough to be read (LOADBEARING_REVIEW_MIN_SECONDS, default 2, plus',
    'LOADBEARING_REVIEW_MIN_SECONDS_PER_LINE, default 0.25, per line; VS Code sets both from its settings in its',
    'terminals); answered sooner, a one-line reason is asked for (or taken from --reason). The evidence is kept with',
    'the acknowledgment, in the git note and in verify --json.',
    '--yes acknowledges without asking: refused for a whole critical file; for one critical region it needs --reason.',
    'A file of another tier can be acknowledged whole. The reviewer is git config user.name / user.email.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { yes: { type: 'boolean', short: 'y' }, reason: { type: 'string' }, tiers: { type: 'string' } });
    if (parsed.positionals.length > 1) throw new UsageError('give at most one <path>[:<line>]');
    const yes = parsed.values.yes === true;
    const reasonFlag = stringValue(parsed, 'reason');
    let reason: string | undefined;
    if (reasonFlag !== undefined) {
      const checked = checkReason(reasonFlag);
      if ('error' in checked) throw new UsageError(`--reason: ${checked.error}`);
      reason = checked.reason;
    }
    const env = io.env ?? process.env;
    const thresholds = thresholdsFromEnv(env);

    const ctx = openRepo(io);
    const reviewer = await readReviewer(ctx.repo.root, { env });
    if (!reviewer) throw new UsageError(`no reviewer: ${REVIEWER_HELP}`);
    const read = await readLedger(ctx);
    if ('problem' in read) {
      for (const l of read.problem) io.err(l);
      return 1;
    }
    const { ledger } = read;
    const tierOf = workTreeTiers(ctx.repo.root);

    let targets: ShownRegion[];
    let wholeFile: string | undefined;
    if (parsed.positionals.length === 0) {
      const tiers = gateTiers(stringValue(parsed, 'tiers'), env);
      targets = [];
      for (const file of await workFiles(ctx, ledger)) {
        const tier = tierOf(file.path);
        if (tier === null || !tiers.includes(tier)) continue;
        for (const view of file.views) if (!view.ack) targets.push({ path: file.path, tier, view, fileText: file.text });
      }
      if (targets.length === 0) {
        io.out('No unreviewed AI-written code blocks a commit.');
        return 0;
      }
      if (yes && targets.some((t) => reviewsOneAtATime(t.tier))) {
        throw new UsageError(`critical regions are reviewed one at a time: run without --yes, or give one, e.g. loadbearing review ${shellWord(targets[0].path)}:${targets[0].view.startLine + 1}`);
      }
    } else {
      const { file: fileArg, line } = splitLine(parsed.positionals[0]);
      const repoPath = repoPathArg(ctx, io, fileArg);
      const text = await readWorkText(ctx, repoPath);
      if (text === undefined) throw new UsageError(`${fileArg} does not exist or is not a file`);
      const tier = tierOf(repoPath);
      const open = workFile(ledger, repoPath, text).views.filter((v) => !v.ack);
      const views = line === undefined ? open : open.filter((v) => v.startLine + 1 <= line && line <= v.endLine + 1);
      if (views.length === 0) {
        io.out(line === undefined ? `${repoPath}: no unreviewed AI-written regions.` : `${repoPath}:${line}: no unreviewed AI-written region at this line.`);
        return 0;
      }
      if (line === undefined && reviewsOneAtATime(tier) && yes) {
        throw new UsageError(`${repoPath} is critical: regions are reviewed one at a time; give a line, e.g. ${shellWord(repoPath)}:${views[0].startLine + 1}`);
      }
      targets = views.map((view) => ({ path: repoPath, tier, view, fileText: text }));
      // Outside the critical tier a whole file may be acknowledged with one answer.
      if (line === undefined && !reviewsOneAtATime(tier) && views.length > 1) wholeFile = repoPath;
    }
    if (yes && reason === undefined && evidenceRequired(thresholds) && targets.some((t) => requiresReviewEvidence(t.tier))) {
      throw new UsageError(
        `${regionLabel(targets[0])} is critical: --yes acknowledges it without showing it, so give --reason TEXT (why you are sure), or leave out --yes to read it here`,
      );
    }

    const p = paint(useColor(io));
    const review = new TerminalReview(ctx, io, p, reviewer);
    if (yes) {
      for (const t of targets) await review.acknowledge(t, requiresReviewEvidence(t.tier) && reason !== undefined ? { reason } : undefined);
    } else if (wholeFile !== undefined) {
      targets.forEach((t, k) => printRegion(io, p, t, `[${k + 1}/${targets.length}] `));
      const answer = await new Asker(io).answer(`Mark these ${targets.length} regions of ${wholeFile} as reviewed by ${reviewerLabel(reviewer)}? [y/n] `);
      if (answer === 'yes') for (const t of targets) await review.acknowledge(t, undefined);
    } else {
      await review.oneByOne(targets, thresholds, reason);
    }
    return review.finish(targets.length);
  },
};

/** The interactive review and its tally; each acknowledgment is on disk as soon as it is answered. */
class TerminalReview {
  reviewed = 0;
  declined = 0;
  skipped = 0;
  private readonly now: () => number;

  constructor(
    private readonly ctx: RepoContext,
    private readonly io: CliIo,
    private readonly p: Paint,
    private readonly reviewer: Reviewer,
  ) {
    this.now = io.now ?? Date.now;
  }

  async oneByOne(targets: ShownRegion[], thresholds: EvidenceThresholds, reason: string | undefined): Promise<void> {
    const asker = new Asker(this.io);
    const question = `Reviewed by ${reviewerLabel(this.reviewer)}? [y]es [n]o [s]kip [d]iff [q]uit `;
    for (const [k, t] of targets.entries()) {
      const lines = printRegion(this.io, this.p, t, targets.length > 1 ? `[${k + 1}/${targets.length}] ` : '');
      const shownAt = this.now();
      let answer = await asker.answer(question);
      while (answer === 'diff') {
        printDiff(this.io, this.p, t.path, t.view.origin);
        answer = await asker.answer(question);
      }
      if (answer === 'quit') break;
      if (answer === 'no') this.declined++;
      if (answer === 'skip') this.skipped++;
      if (answer !== 'yes') continue;
      const outcome = await evidenceFor(this.io, asker, t, { seconds: (this.now() - shownAt) / 1000, lines }, thresholds, reason);
      if (outcome.evidence) await this.acknowledge(t, outcome.evidence);
      else {
        this.io.out(`not reviewed ${regionLabel(t)}: ${outcome.refused}`);
        this.declined++;
      }
    }
  }

  /** On disk before we say "reviewed": the gate reads the ledger, not our memory. */
  async acknowledge(t: ShownRegion, evidence: Acknowledgment['evidence']): Promise<void> {
    const ack: Acknowledgment = {
      origin: t.view.region.origin,
      textHash: reviewHash(t.view.text, t.path),
      path: t.path,
      reviewer: this.reviewer,
      time: new Date().toISOString(),
      ...(evidence ? { evidence } : {}),
    };
    await this.ctx.store.update({ acks: [ack] });
    await this.ctx.store.audit({ type: 'acknowledgment', origin: ack.origin, path: t.path, reviewer: this.reviewer, via: 'cli', ...(evidence ? { evidence } : {}) });
    this.reviewed++;
    this.io.out(`reviewed ${regionLabel(t)}  ${t.tier ?? '-'}  ${t.view.origin?.source ?? 'unknown'}`);
    if (evidence) this.io.out(evidenceLine(this.p, evidence));
  }

  /** Exit 0 when something was acknowledged (or nothing was left), 1 when nothing was. */
  finish(total: number): number {
    if (this.reviewed === 0) {
      this.io.out('Nothing acknowledged.');
      return 1;
    }
    const left = total - this.reviewed;
    const parts = [`${this.reviewed} reviewed`, ...(this.declined > 0 ? [`${this.declined} not reviewed`] : []), ...(this.skipped > 0 ? [`${this.skipped} skipped`] : [])];
    this.io.out(`${parts.join(', ')}.${left > 0 ? ` ${left} still unreviewed: run loadbearing review again when ready.` : ''}`);
    return 0;
  }
}

/** `a/b.ts:12` → file and line; a path that merely contains a colon stays whole. */
function splitLine(arg: string): { file: string; line?: number } {
  const match = /^(.+):(\d+)$/.exec(arg);
  if (!match) return { file: arg };
  const line = Number(match[2]);
  if (line < 1) throw new UsageError(`line numbers start at 1, not ${match[2]}`);
  return { file: match[1], line };
}
