// The report as plain-text tables for a terminal (`loadbearing report` without --json or --html).
import { duration, percent, plural } from './reportFormat';
import type { ReportData } from './reportModel';

export function reportText(data: ReportData): string {
  const { totals, range } = data;
  const out: string[] = [];
  out.push(`Loadbearing report — ${range.spec}`);
  out.push(
    `${plural(range.commits, 'commit')}; AI wrote ${totals.aiLines} of ${totals.changedLines} added lines (${percent(totals.share)}); ` +
      `${totals.unreviewedLines} unreviewed AI lines in ${plural(totals.unreviewedRegions, 'region')}; ` +
      `median review after ${duration(data.latency.medianSeconds)}.`,
  );
  if (range.withoutNote > 0) out.push(`${plural(range.withoutNote, 'commit')} without a Loadbearing note (hook not installed or bypassed).`);
  if (range.invalidNotes > 0) out.push(`${plural(range.invalidNotes, 'commit')} with an invalid note (not counted).`);
  if (!range.historyRead) out.push('History not read: the figures cover the working tree only.');

  section(out, 'AI share of added lines, per tier', ['tier', 'added', 'AI', 'share'], data.tiers.map((t) => [t.tier, t.changedLines, t.aiLines, percent(t.share)]));
  section(
    out,
    'Unreviewed AI code per file',
    ['path', 'tier', 'regions', 'lines', 'committed', 'working'],
    data.debt.map((d) => [d.path, d.tier, d.regions, d.lines, d.committedLines, d.workingLines]),
  );
  const l = data.latency;
  section(out, `Time from AI edit to review (${l.reviewed} reviewed; median ${duration(l.medianSeconds)}, p90 ${duration(l.p90Seconds)}, max ${duration(l.maxSeconds)})`, ['after', 'reviews'], l.buckets.map((b) => [b.label, b.count]));
  section(
    out,
    'Reviews per person',
    ['reviewer', 'regions', 'lines', 'median'],
    data.reviewers.map((r) => [`${r.name} <${r.email}>`, r.regions, r.lines, duration(r.medianSeconds)]),
  );
  section(out, 'Sources', ['source', 'regions', 'lines'], data.sources.map((s) => [s.name, s.regions, s.lines]));
  section(out, 'Tools', ['tool', 'regions', 'lines'], data.tools.map((s) => [s.name, s.regions, s.lines]));
  return out.join('\n');
}

/** A titled table; numbers right-aligned, text left-aligned; "(none)" when empty. */
function section(out: string[], title: string, head: string[], rows: (string | number)[][]): void {
  out.push('', title);
  if (rows.length === 0) {
    out.push('  (none)');
    return;
  }
  const cells = [head, ...rows.map((r) => r.map(String))];
  const numeric = head.map((_, i) => rows.every((r) => typeof r[i] === 'number'));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  for (const row of cells) out.push('  ' + row.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
}
