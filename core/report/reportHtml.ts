// The report as one self-contained HTML page (the webview's content and `report --html FILE`): no script, no remote
// content, a strict CSP whose only allowance is our own stylesheet by nonce; colours from VS Code's theme variables
// inside the webview, with dark/light fallbacks when opened in a browser.
import { Bar, columns, horizontalBars } from './reportCharts';
import { duration, percent, plural } from './reportFormat';
import { escapeHtml } from './reportHtmlEscape';
import type { ReportData, ReportTier } from './reportModel';
import { REPORT_STYLE } from './reportStyle';

export const REPORT_TITLE = 'Loadbearing Report';

/** The Content-Security-Policy of the page: nothing loads, nothing runs; only the nonce'd stylesheet applies. */
export function reportCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function reportHtml(data: ReportData, nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('the report needs a random nonce of at least 16 characters');
  const { totals, range, latency } = data;
  const cards = [
    card('AI share of added lines', percent(totals.share), `${totals.aiLines} of ${totals.changedLines} lines`, 'accent'),
    card('Unreviewed AI lines', String(totals.unreviewedLines), `${plural(totals.unreviewedRegions, 'region')} in ${plural(data.debt.length, 'file')}`, totals.unreviewedLines > 0 ? 'alert' : 'ok'),
    card('Median time to review', duration(latency.medianSeconds), `p90 ${duration(latency.p90Seconds)} · ${plural(latency.reviewed, 'review')}`, 'info'),
    card('Reviewers', String(totals.reviewers), `${plural(totals.reviewedRegions, 'region')} reviewed`, 'info'),
  ];
  const notices = [
    range.withoutNote > 0 ? `${plural(range.withoutNote, 'commit')} without a Loadbearing note (hook not installed or bypassed): their AI lines are unknown.` : '',
    range.invalidNotes > 0 ? `${plural(range.invalidNotes, 'commit')} with an invalid note, not counted.` : '',
    range.historyRead ? '' : 'Restricted Mode: no git command runs, so history is not read; the figures cover the working tree only.',
  ].filter((n) => n !== '');

  // Each tier's bar is its share: full track = all its added lines (the caption gives the counts).
  const tierBars: Bar[] = data.tiers.map((t) => ({
    label: t.tier,
    value: t.share ?? 0,
    total: 1,
    cls: tierClass(t.tier),
    caption: `${t.aiLines}/${t.changedLines} · ${percent(t.share)}`,
  }));
  const debtBars: Bar[] = data.debt.slice(0, 8).map((d) => ({ label: d.path, value: d.lines, cls: tierClass(d.tier), caption: `${d.lines} lines` }));
  const latencyBars: Bar[] = latency.buckets.map((b) => ({ label: b.label, value: b.count, cls: 'c-latency' }));
  const reviewerBars: Bar[] = data.reviewers.slice(0, 8).map((r) => ({ label: r.name, value: r.regions, cls: 'c-review', caption: plural(r.regions, 'region') }));
  const toolBars: Bar[] = data.tools.slice(0, 8).map((t) => ({ label: t.name, value: t.lines, cls: 'c-tool', caption: `${t.lines} lines` }));
  const sourceBars: Bar[] = data.sources.map((s) => ({ label: s.name, value: s.lines, cls: `s-${s.name.replace(/[^a-z-]/g, '')}`, caption: `${s.lines} lines` }));

  const body = [
    `<header><h1>${REPORT_TITLE}</h1><p class="sub">${escapeHtml(range.spec)} · ${plural(range.commits, 'commit')} · generated ${escapeHtml(data.generatedAt.replace('T', ' ').slice(0, 16))} UTC</p></header>`,
    notices.map((n) => `<p class="notice">${escapeHtml(n)}</p>`).join(''),
    `<section class="cards">${cards.join('')}</section>`,
    `<section class="grid">`,
    panel(
      'AI share of added lines, per tier',
      horizontalBars(tierBars, 'AI lines out of added lines, per tier'),
      table(['Tier', 'Added lines', 'AI lines', 'Share'], data.tiers.map((t) => [tierBadge(t.tier), t.changedLines, t.aiLines, percent(t.share)]), [0]),
    ),
    panel(
      'Unreviewed AI code per file',
      horizontalBars(debtBars, 'Unreviewed AI lines per file'),
      table(
        ['File', 'Tier', 'Regions', 'Lines', 'Committed', 'Working'],
        data.debt.map((d) => [d.path, tierBadge(d.tier), d.regions, d.lines, d.committedLines, d.workingLines]),
        [1],
      ),
    ),
    panel(
      'Time from AI edit to review',
      columns(latencyBars, 'Reviews by time from AI edit to review'),
      `<p class="foot">median ${duration(latency.medianSeconds)} · p90 ${duration(latency.p90Seconds)} · max ${duration(latency.maxSeconds)}</p>`,
    ),
    panel(
      'Reviews per person',
      horizontalBars(reviewerBars, 'Reviewed regions per person'),
      table(
        ['Reviewer', 'Regions', 'Lines', 'Median wait'],
        data.reviewers.map((r) => [`${escapeHtml(r.name)} <span class="dim">&lt;${escapeHtml(r.email)}&gt;</span>`, r.regions, r.lines, duration(r.medianSeconds)]),
        [0],
      ),
    ),
    panel('Sources', horizontalBars(sourceBars, 'AI lines per source'), table(['Source', 'Regions', 'Lines'], data.sources.map((t) => [t.name, t.regions, t.lines]))),
    panel('Tools (agents that reported their edits)', horizontalBars(toolBars, 'AI lines per tool'), table(['Tool', 'Regions', 'Lines'], data.tools.map((t) => [t.name, t.regions, t.lines]))),
    `</section>`,
  ].join('\n');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${reportCsp(nonce)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${REPORT_TITLE}</title>`,
    `<style nonce="${nonce}">${REPORT_STYLE}</style>`,
    '</head>',
    `<body>\n${body}\n</body>`,
    '</html>',
    '',
  ].join('\n');
}

function card(label: string, value: string, detail: string, kind: string): string {
  return `<div class="card ${kind}"><div class="card-label">${escapeHtml(label)}</div><div class="card-value">${escapeHtml(value)}</div><div class="card-detail">${escapeHtml(detail)}</div></div>`;
}

function panel(title: string, chart: string, extra: string): string {
  return `<article class="panel"><h2>${escapeHtml(title)}</h2>${chart}${extra}</article>`;
}

/** A table; cells are escaped unless their column is listed in `raw` (already-escaped markup), numbers right-aligned. */
function table(head: string[], rows: (string | number)[][], raw: number[] = []): string {
  if (rows.length === 0) return '';
  const th = head.map((h, i) => `<th${typeof rows[0][i] === 'number' ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const trs = rows
    .map((r) => `<tr>${r.map((c, i) => (typeof c === 'number' ? `<td class="num">${c}</td>` : `<td>${raw.includes(i) ? c : escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
}

function tierClass(tier: ReportTier): string {
  return `t-${tier}`;
}

function tierBadge(tier: ReportTier): string {
  return `<span class="badge ${tierClass(tier)}">${tier}</span>`;
}
