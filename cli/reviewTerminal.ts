// How `loadbearing review` shows a region in a terminal and reads a person's answers: the region with a few lines of
// context (in colour on a TTY), the y/n/s/d/q question, the AI's diff, and the reason asked for when the code was not
// on screen long enough to have been read.
import { structuredPatch } from 'diff';
import type { Origin, ReviewEvidence } from '../core/ledger/ledger';
import type { RegionView } from '../core/ledger/regionView';
import { checkReason, describeEvidence, EvidenceThresholds, evidenceSuffices, formatSeconds, requiredSeconds } from '../core/review/reviewEvidence';
import { requiresReviewEvidence, type Tier } from '../core/tier';
import { type CliIo, UsageError } from './command';

const CONTEXT_LINES = 3;
/** A region longer than this is not printed whole: its evidence then cannot cover every line, and a reason is asked. */
export const MAX_PRINTED_LINES = 400;

/** ANSI colours, or nothing when stdout is not a terminal or NO_COLOR is set (https://no-color.org). */
export interface Paint {
  dim(t: string): string;
  bold(t: string): string;
  red(t: string): string;
  yellow(t: string): string;
  green(t: string): string;
  cyan(t: string): string;
}
const sgr = (code: string) => (t: string) => `\x1b[${code}m${t}\x1b[0m`;
const plain = (t: string) => t;
export function paint(color: boolean): Paint {
  return color
    ? { dim: sgr('2'), bold: sgr('1'), red: sgr('31'), yellow: sgr('33'), green: sgr('32'), cyan: sgr('36') }
    : { dim: plain, bold: plain, red: plain, yellow: plain, green: plain, cyan: plain };
}

export function useColor(io: Pick<CliIo, 'color' | 'env'>): boolean {
  const env = io.env ?? process.env;
  return io.color === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export interface ShownRegion {
  path: string;
  tier: Tier | null;
  view: RegionView;
  /** The whole file's text, for context lines. */
  fileText: string;
}

export function regionLabel(r: Pick<ShownRegion, 'path' | 'view'>): string {
  return `${r.path}:${r.view.startLine + 1}-${r.view.endLine + 1}`;
}

export function regionLines(view: RegionView): string[] {
  return view.text.replace(/\r?\n$/, '').split(/\r\n|\r|\n/);
}

/** Prints the region with context; returns how many of its lines were printed (the evidence's linesSeen). */
export function printRegion(io: CliIo, p: Paint, r: ShownRegion, heading: string): number {
  const { view } = r;
  const tierText = r.tier === 'critical' ? p.red(r.tier) : r.tier === 'high' ? p.yellow(r.tier) : (r.tier ?? '-');
  const lines = regionLines(view);
  io.out('');
  io.out(`${p.bold(heading + regionLabel(r))}  ${tierText}  ${view.origin?.source ?? 'unknown'}  ${view.origin?.confidence ?? ''}  (${lines.length} line${lines.length === 1 ? '' : 's'} written by AI)`);
  const fileLines = r.fileText.split(/\r\n|\r|\n/);
  const number = (n: number) => String(n + 1).padStart(5);
  for (let n = Math.max(0, view.startLine - CONTEXT_LINES); n < view.startLine; n++) io.out(p.dim(`  ${number(n)} | ${fileLines[n]}`));
  const printed = lines.slice(0, MAX_PRINTED_LINES);
  const mark = r.tier === 'critical' ? p.red('▌') : r.tier === 'high' ? p.yellow('▌') : p.cyan('▌');
  printed.forEach((l, k) => io.out(`${mark} ${p.bold(number(view.startLine + k))} | ${l}`));
  if (lines.length > printed.length) io.out(p.yellow(`  … ${lines.length - printed.length} more lines not printed (open the file to read them)`));
  const after = view.startLine + lines.length;
  for (let n = after; n < Math.min(fileLines.length, after + CONTEXT_LINES); n++) {
    if (n === fileLines.length - 1 && fileLines[n] === '') break; // the empty string after the file's last newline
    io.out(p.dim(`  ${number(n)} | ${fileLines[n]}`));
  }
  return printed.length;
}

/** What the AI inserted against the text it replaced, as a unified diff. */
export function printDiff(io: CliIo, p: Paint, path: string, origin: Origin | undefined): void {
  if (!origin || origin.inserted === undefined) {
    io.out(p.dim('  (no record of the inserted text for this AI edit)'));
    return;
  }
  const patch = structuredPatch(path, path, origin.replaced ?? '', origin.inserted, 'before the AI edit', `${origin.source} at ${origin.time}`, { context: 3 });
  io.out(p.bold(`--- ${path} before the AI edit`));
  io.out(p.bold(`+++ ${path} as the AI wrote it (${origin.source}, ${origin.time})`));
  for (const hunk of patch.hunks) {
    io.out(p.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) io.out(line.startsWith('+') ? p.green(line) : line.startsWith('-') ? p.red(line) : line);
  }
}

export type Answer = 'yes' | 'no' | 'skip' | 'diff' | 'quit';
const ANSWERS: Record<string, Answer> = { y: 'yes', yes: 'yes', n: 'no', no: 'no', s: 'skip', skip: 'skip', d: 'diff', diff: 'diff', q: 'quit', quit: 'quit' };

/** Reads answers line by line from a terminal or a pipe; `undefined` is the end of the input. */
export class Asker {
  /** Whether any answer was read: input that ends before the first one is a usage error (nothing to read from). */
  answered = false;
  constructor(private readonly io: CliIo) {}

  async line(question: string): Promise<string | undefined> {
    if (!this.io.ask) return undefined;
    const answer = await this.io.ask(question);
    if (answer === undefined) {
      if (!this.answered) throw new UsageError('no answer on standard input: answer y/n/s/d for each region (in a terminal or through a pipe), or pass --yes');
      return undefined;
    }
    this.answered = true;
    return answer.trim();
  }

  /** y/n/s/d/q for one region; asks again on anything else; `quit` at the end of the input. */
  async answer(question: string): Promise<Answer> {
    for (;;) {
      const text = await this.line(question);
      if (text === undefined) return 'quit';
      const answer = ANSWERS[text.toLowerCase()];
      if (answer) return answer;
      this.io.err('Answer y (reviewed), n (not reviewed), s (skip for now), d (show what the AI inserted) or q (stop).');
    }
  }
}

export interface EvidenceOutcome {
  evidence?: ReviewEvidence;
  /** Why the region stays unacknowledged (no reason given). */
  refused?: string;
}

/**
 * The evidence for a "yes": the region's printed lines and the seconds until the answer; for the critical tier, when
 * that is too short (or not every line was printed), the `--reason` given or a reason asked for here.
 */
export async function evidenceFor(
  io: CliIo,
  asker: Asker,
  r: ShownRegion,
  seen: { seconds: number; lines: number },
  thresholds: EvidenceThresholds,
  givenReason: string | undefined,
): Promise<EvidenceOutcome> {
  const total = regionLines(r.view).length;
  const shown: ReviewEvidence = { secondsVisible: Math.round(seen.seconds * 10) / 10, linesSeen: seen.lines, via: 'terminal' };
  if (!requiresReviewEvidence(r.tier) || evidenceSuffices(shown, total, thresholds)) return { evidence: shown };
  if (givenReason !== undefined) return { evidence: { reason: givenReason } };
  const why =
    seen.lines < total
      ? `only ${seen.lines} of its ${total} lines were printed`
      : `you answered after ${formatSeconds(seen.seconds)}; critical code of ${total} line${total === 1 ? '' : 's'} needs ${formatSeconds(requiredSeconds(total, thresholds))} on screen`;
  io.err(`${regionLabel(r)}: ${why}.`);
  for (;;) {
    const text = await asker.line('Why are you sure it is right? One line (empty: leave it unreviewed): ');
    if (text === undefined || text === '') return { refused: 'no reason given' };
    const checked = checkReason(text);
    if ('reason' in checked) return { evidence: checked };
    io.err(checked.error);
  }
}

export function evidenceLine(p: Paint, evidence: ReviewEvidence | undefined): string {
  return evidence ? p.dim(`  evidence: ${describeEvidence(evidence)}`) : '';
}
