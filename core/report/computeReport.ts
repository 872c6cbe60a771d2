// Computes the report from its inputs (the range's commits and notes, the working tree's regions): pure, no I/O.
import {
  CommitRecord,
  CountRow,
  DebtRow,
  LatencyStats,
  REPORT_TIERS,
  REPORT_VERSION,
  ReportData,
  ReportRegion,
  ReportTier,
  ReviewerRow,
  TierShare,
} from './reportModel';

export interface ReportInput {
  spec: string;
  commits: CommitRecord[];
  /** Regions from the range's notes and from the working tree. */
  regions: ReportRegion[];
  tierOf: (path: string) => ReportTier;
  historyRead: boolean;
  now: Date;
}

/** Review latency buckets: a glance, a sitting, the same day, later. */
const BUCKETS: { label: string; below: number | null }[] = [
  { label: '< 1 min', below: 60 },
  { label: '1–10 min', below: 600 },
  { label: '10–60 min', below: 3600 },
  { label: '1–24 h', below: 86_400 },
  { label: '> 1 day', below: null },
];

export function computeReport(input: ReportInput): ReportData {
  const { commits, regions, tierOf } = input;
  const committed = regions.filter((r) => r.commit !== null);

  // AI share: lines the range's commits added, against the AI lines their notes record (capped per commit and file:
  // a region's line that was only partly rewritten counts once, as numstat counts it).
  const tiers = new Map<ReportTier, TierShare>(REPORT_TIERS.map((tier) => [tier, { tier, changedLines: 0, aiLines: 0, share: null }]));
  const aiByCommitFile = new Map<string, number>();
  for (const r of committed) aiByCommitFile.set(`${r.commit}\0${r.path}`, (aiByCommitFile.get(`${r.commit}\0${r.path}`) ?? 0) + r.lines);
  for (const c of commits) {
    for (const a of c.added) {
      const row = tiers.get(tierOf(a.path))!;
      row.changedLines += a.lines;
      row.aiLines += Math.min(a.lines, aiByCommitFile.get(`${c.commit}\0${a.path}`) ?? 0);
    }
  }
  for (const row of tiers.values()) row.share = row.changedLines > 0 ? row.aiLines / row.changedLines : null;
  const tierRows = [...tiers.values()];
  const changedLines = sum(tierRows.map((t) => t.changedLines));
  const aiLines = sum(tierRows.map((t) => t.aiLines));

  const reviewed = regions.filter((r) => r.reviewer !== null);
  const unreviewed = regions.filter((r) => r.reviewer === null);
  const reviewers = reviewerRows(reviewed);

  return {
    version: REPORT_VERSION,
    generatedAt: input.now.toISOString(),
    range: {
      spec: input.spec,
      commits: commits.length,
      withoutNote: commits.filter((c) => c.note === 'missing' && c.added.length > 0).length,
      invalidNotes: commits.filter((c) => c.note === 'invalid').length,
      historyRead: input.historyRead,
    },
    totals: {
      changedLines,
      aiLines,
      share: changedLines > 0 ? aiLines / changedLines : null,
      regions: regions.length,
      reviewedRegions: reviewed.length,
      unreviewedRegions: unreviewed.length,
      unreviewedLines: sum(unreviewed.map((r) => r.lines)),
      reviewers: reviewers.length,
    },
    tiers: tierRows,
    debt: debtRows(unreviewed),
    latency: latencyStats(reviewed.map(latencySeconds).filter((s): s is number => s !== null)),
    reviewers,
    sources: countRows(regions, (r) => r.source),
    tools: countRows(
      regions.filter((r) => r.tool !== null),
      (r) => r.tool!,
    ),
  };
}

/** Seconds from the AI edit to its acknowledgment; null when either time is unknown. A clock skew counts as zero. */
export function latencySeconds(r: ReportRegion): number | null {
  if (!r.time || !r.reviewedAt) return null;
  const ms = Date.parse(r.reviewedAt) - Date.parse(r.time);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : null;
}

function debtRows(unreviewed: ReportRegion[]): DebtRow[] {
  const byPath = new Map<string, DebtRow>();
  for (const r of unreviewed) {
    let row = byPath.get(r.path);
    if (!row) byPath.set(r.path, (row = { path: r.path, tier: r.tier, regions: 0, lines: 0, committedLines: 0, workingLines: 0, oldest: null }));
    row.regions++;
    row.lines += r.lines;
    if (r.commit === null) row.workingLines += r.lines;
    else row.committedLines += r.lines;
    if (r.time && (row.oldest === null || r.time < row.oldest)) row.oldest = r.time;
  }
  // Most load-bearing first, then the most lines.
  return [...byPath.values()].sort((a, b) => REPORT_TIERS.indexOf(a.tier) - REPORT_TIERS.indexOf(b.tier) || b.lines - a.lines || cmp(a.path, b.path));
}

function reviewerRows(reviewed: ReportRegion[]): ReviewerRow[] {
  const byEmail = new Map<string, { row: ReviewerRow; latencies: number[] }>();
  for (const r of reviewed) {
    const key = `${r.reviewer!.name}\0${r.reviewer!.email}`;
    let entry = byEmail.get(key);
    if (!entry) byEmail.set(key, (entry = { row: { name: r.reviewer!.name, email: r.reviewer!.email, regions: 0, lines: 0, medianSeconds: null }, latencies: [] }));
    entry.row.regions++;
    entry.row.lines += r.lines;
    const s = latencySeconds(r);
    if (s !== null) entry.latencies.push(s);
  }
  return [...byEmail.values()]
    .map(({ row, latencies }) => ({ ...row, medianSeconds: quantile(latencies, 0.5) }))
    .sort((a, b) => b.regions - a.regions || b.lines - a.lines || cmp(a.name, b.name));
}

function latencyStats(seconds: number[]): LatencyStats {
  return {
    reviewed: seconds.length,
    medianSeconds: quantile(seconds, 0.5),
    p90Seconds: quantile(seconds, 0.9),
    maxSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
    buckets: BUCKETS.map((b, i) => ({
      ...b,
      count: seconds.filter((s) => (i === 0 || s >= BUCKETS[i - 1].below!) && (b.below === null || s < b.below)).length,
    })),
  };
}

/** The nearest-rank quantile (an actual observed value, so figures are exact and easy to check by hand). */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function countRows(regions: ReportRegion[], key: (r: ReportRegion) => string): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const r of regions) {
    const name = key(r);
    const row = rows.get(name) ?? { name, regions: 0, lines: 0 };
    row.regions++;
    row.lines += r.lines;
    rows.set(name, row);
  }
  return [...rows.values()].sort((a, b) => b.lines - a.lines || cmp(a.name, b.name));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
