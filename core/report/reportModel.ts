// The report's data model: what `loadbearing report --json` prints and what the webview shows, one shape for both.
import type { Reviewer } from '../ledger/ledger';
import { TIERS, type Tier } from '../tier';

export const REPORT_VERSION = 1;

/** Tiers in the order the report lists them; `none` is a path no policy line marks. */
export type ReportTier = Tier | 'none';
export const REPORT_TIERS: readonly ReportTier[] = [...TIERS, 'none'];

/** How far back the report looks when no revision range is given. */
export const DEFAULT_DAYS = 30;
export const DEFAULT_MAX_COMMITS = 100;

/** One AI region the report counts: from a commit's note, or still in the working tree. */
export interface ReportRegion {
  path: string;
  tier: ReportTier;
  lines: number;
  source: string;
  tool: string | null;
  /** When the AI wrote it (ISO), when known. */
  time: string | null;
  reviewer: Reviewer | null;
  reviewedAt: string | null;
  /** The commit whose note holds it, or null for the working tree. */
  commit: string | null;
}

/** What a commit of the range contributed: the lines it added per path, and its note. */
export interface CommitRecord {
  commit: string;
  /** Commit time, ISO. */
  time: string;
  author: string;
  subject: string;
  added: { path: string; lines: number }[];
  note: 'present' | 'missing' | 'invalid';
}

export interface TierShare {
  tier: ReportTier;
  /** Lines added by the range's commits in paths of this tier. */
  changedLines: number;
  /** Of those, lines an AI wrote (from the notes). */
  aiLines: number;
  /** aiLines / changedLines, null when nothing changed. */
  share: number | null;
}

export interface DebtRow {
  path: string;
  tier: ReportTier;
  regions: number;
  lines: number;
  /** Unreviewed AI lines that reached a commit of the range (gate bypassed or tier not gated). */
  committedLines: number;
  /** Unreviewed AI lines still in the working tree. */
  workingLines: number;
  /** When the oldest of them was written (ISO), when known. */
  oldest: string | null;
}

export interface LatencyBucket {
  label: string;
  /** Upper bound in seconds (exclusive), null for the last bucket. */
  below: number | null;
  count: number;
}

export interface LatencyStats {
  reviewed: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  maxSeconds: number | null;
  buckets: LatencyBucket[];
}

export interface ReviewerRow {
  name: string;
  email: string;
  regions: number;
  lines: number;
  medianSeconds: number | null;
}

export interface CountRow {
  /** A source (`paste`, `agent`, …) or a tool name. */
  name: string;
  regions: number;
  lines: number;
}

export interface ReportData {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  range: {
    /** The revision range as given, or the default's description. */
    spec: string;
    commits: number;
    /** Commits that added lines but carry no Loadbearing note (hook not installed, or bypassed). */
    withoutNote: number;
    invalidNotes: number;
    /** False when history was not read (Restricted Mode: no git runs); the figures then cover the working tree only. */
    historyRead: boolean;
  };
  totals: {
    changedLines: number;
    aiLines: number;
    share: number | null;
    regions: number;
    reviewedRegions: number;
    unreviewedRegions: number;
    unreviewedLines: number;
    reviewers: number;
  };
  tiers: TierShare[];
  debt: DebtRow[];
  latency: LatencyStats;
  reviewers: ReviewerRow[];
  sources: CountRow[];
  tools: CountRow[];
}
