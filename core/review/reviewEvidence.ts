// Review evidence for the critical tier: how long a region must have been on screen, whether evidence suffices, and
// checking evidence that comes from outside (a client request, a hand-edited ledger or note).
import type { ReviewEvidence } from '../ledger/ledger';

export interface EvidenceThresholds {
  /** Seconds every region needs, whatever its size (`loadbearing.review.minSeconds`). */
  minSeconds: number;
  /** Seconds added per line of the region (`loadbearing.review.minSecondsPerLine`). */
  minSecondsPerLine: number;
}

/** Fast enough for an honest reader (a 4-line paste: 3 s), slow enough that a reflex click is not a review. */
export const DEFAULT_THRESHOLDS: EvidenceThresholds = { minSeconds: 2, minSecondsPerLine: 0.25 };

/** A reason shorter than this says nothing ("ok", "y"). */
export const MIN_REASON_CHARS = 3;
export const MAX_REASON_CHARS = 500;

/** Environment variables through which VS Code's settings reach `loadbearing review` in its terminals. */
export const ENV_MIN_SECONDS = 'LOADBEARING_REVIEW_MIN_SECONDS';
export const ENV_MIN_SECONDS_PER_LINE = 'LOADBEARING_REVIEW_MIN_SECONDS_PER_LINE';

/** Seconds a region of `lines` lines must have been on screen. Both thresholds at 0: no time is required. */
export function requiredSeconds(lines: number, t: EvidenceThresholds): number {
  return Math.max(0, t.minSeconds) + Math.max(0, t.minSecondsPerLine) * Math.max(1, lines);
}

/** Whether thresholds ask for evidence at all (both 0 turns the reason prompt off; evidence is still recorded). */
export function evidenceRequired(t: EvidenceThresholds): boolean {
  return requiredSeconds(1, t) > 0;
}

/**
 * Whether `evidence` shows a region of `lines` lines was read: a reason, or every line on screen for long enough.
 * Seen evidence must cover every line: a 200-line region whose first 10 lines were on screen was not read.
 */
export function evidenceSuffices(evidence: ReviewEvidence | undefined, lines: number, t: EvidenceThresholds): boolean {
  if (!evidenceRequired(t)) return true;
  if (!evidence) return false;
  if ('reason' in evidence) return evidence.reason.trim().length >= MIN_REASON_CHARS;
  return evidence.linesSeen >= lines && evidence.secondsVisible >= requiredSeconds(lines, t);
}

/** Why seen evidence falls short, for the prompt that asks for a reason instead. */
export function shortfall(evidence: ReviewEvidence | undefined, lines: number, t: EvidenceThresholds): string {
  const need = requiredSeconds(lines, t);
  if (!evidence || 'reason' in evidence || evidence.linesSeen === 0) return `it was not on screen (a ${lines}-line region needs ${formatSeconds(need)})`;
  if (evidence.linesSeen < lines) return `only ${evidence.linesSeen} of its ${lines} lines were on screen`;
  return `it was on screen for ${formatSeconds(evidence.secondsVisible)}; a ${lines}-line region needs ${formatSeconds(need)}`;
}

export function formatSeconds(seconds: number): string {
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

/** The one-line text a reviewer gave, trimmed; an error message when it cannot serve as a reason. */
export function checkReason(text: string): { reason: string } | { error: string } {
  const reason = text.replace(/\s+/g, ' ').trim();
  if (reason.length < MIN_REASON_CHARS) return { error: `a reason says why you are sure without reading it on screen (at least ${MIN_REASON_CHARS} characters)` };
  if (reason.length > MAX_REASON_CHARS) return { error: `keep the reason to one line (at most ${MAX_REASON_CHARS} characters)` };
  return { reason };
}

/** Evidence as received from another process: a well-formed copy with only the known fields, or undefined. */
export function sanitizeEvidence(value: unknown): ReviewEvidence | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.reason === 'string') {
    const checked = checkReason(v.reason);
    return 'reason' in checked ? { reason: checked.reason } : undefined;
  }
  const seconds = v.secondsVisible;
  const lines = v.linesSeen;
  if (typeof seconds !== 'number' || typeof lines !== 'number' || !Number.isFinite(seconds) || !Number.isInteger(lines) || seconds < 0 || lines < 0) {
    return undefined;
  }
  const via = v.via === 'editor' || v.via === 'terminal' ? { via: v.via as 'editor' | 'terminal' } : {};
  return { secondsVisible: Math.round(seconds * 10) / 10, linesSeen: lines, ...via };
}

/** Thresholds from the environment (VS Code's terminals carry the settings), else the defaults; bad values are ignored. */
export function thresholdsFromEnv(env: NodeJS.ProcessEnv): EvidenceThresholds {
  const read = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  return {
    minSeconds: read(ENV_MIN_SECONDS, DEFAULT_THRESHOLDS.minSeconds),
    minSecondsPerLine: read(ENV_MIN_SECONDS_PER_LINE, DEFAULT_THRESHOLDS.minSecondsPerLine),
  };
}

/** One line for people: "seen 4 lines for 6.2 s in the editor" or "reason: …". */
export function describeEvidence(evidence: ReviewEvidence): string {
  if ('reason' in evidence) return `reason: ${evidence.reason}`;
  return `seen ${evidence.linesSeen} line${evidence.linesSeen === 1 ? '' : 's'} for ${formatSeconds(evidence.secondsVisible)}${evidence.via ? ` in ${evidence.via === 'editor' ? 'the editor' : 'a terminal'}` : ''}`;
}
