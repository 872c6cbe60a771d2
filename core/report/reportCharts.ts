// Bar charts as inline SVG, drawn by our own code (no chart library, no script): colours come from CSS classes, so
// the page's stylesheet (VS Code's theme variables in the webview) decides them.
import { escapeHtml } from './reportHtmlEscape';

export interface Bar {
  label: string;
  value: number;
  /** When set, the bar is drawn as `value` out of a track of `total` (e.g. AI lines out of added lines). */
  total?: number;
  /** CSS class of the filled part, e.g. `t-critical`. */
  cls: string;
  /** Text at the end of the row; default the value. */
  caption?: string;
}

const ROW = 28;
const BAR = 14;
const WIDTH = 520;
const LABEL = 170;
const CAPTION = 110;

/** Horizontal bars, one row each; bars scale to the largest value (or total) of the chart. */
export function horizontalBars(bars: Bar[], title: string): string {
  if (bars.length === 0) return `<p class="empty">Nothing to show.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.total ?? b.value));
  const span = WIDTH - LABEL - CAPTION;
  const height = bars.length * ROW + 4;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const mid = y + ROW / 2;
    const track = b.total !== undefined ? `<rect class="track" x="${LABEL}" y="${mid - BAR / 2}" width="${scale(b.total, max, span)}" height="${BAR}" rx="3"/>` : '';
    const fill = `<rect class="bar ${b.cls}" x="${LABEL}" y="${mid - BAR / 2}" width="${scale(b.value, max, span)}" height="${BAR}" rx="3"/>`;
    return (
      `<g><title>${escapeHtml(`${b.label}: ${b.caption ?? b.value}`)}</title>` +
      `<text class="label" x="${LABEL - 10}" y="${mid}" text-anchor="end" dominant-baseline="central">${escapeHtml(shorten(b.label, 26))}</text>` +
      track +
      fill +
      `<text class="value" x="${LABEL + span + 8}" y="${mid}" dominant-baseline="central">${escapeHtml(b.caption ?? String(b.value))}</text></g>`
    );
  });
  return svg(WIDTH, height, title, rows.join(''));
}

/** Vertical bars (a histogram): one column per bar, its label below and its value above. */
export function columns(bars: Bar[], title: string): string {
  const height = 170;
  const base = height - 28;
  const axis = `<line class="axis" x1="0" y1="${base + 0.5}" x2="${WIDTH}" y2="${base + 0.5}"/>`;
  const top = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = WIDTH / Math.max(1, bars.length);
  const width = Math.min(56, slot * 0.6);
  const cols = bars.map((b, i) => {
    const x = i * slot + (slot - width) / 2;
    const h = b.value === 0 ? 0 : Math.max(2, Math.round(((base - top) * b.value) / max));
    return (
      `<g><title>${escapeHtml(`${b.label}: ${b.caption ?? b.value}`)}</title>` +
      `<rect class="bar ${b.cls}" x="${x.toFixed(1)}" y="${base - h}" width="${width.toFixed(1)}" height="${h}" rx="3"/>` +
      `<text class="value" x="${(x + width / 2).toFixed(1)}" y="${base - h - 6}" text-anchor="middle">${escapeHtml(b.caption ?? String(b.value))}</text>` +
      `<text class="label" x="${(x + width / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle">${escapeHtml(b.label)}</text></g>`
    );
  });
  return svg(WIDTH, height, title, axis + cols.join(''));
}

function svg(width: number, height: number, title: string, body: string): string {
  // No xmlns: inline SVG in HTML needs none, and the page must name no URL at all.
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

function scale(value: number, max: number, span: number): string {
  return value <= 0 ? '0' : Math.max(2, (span * value) / max).toFixed(1);
}

/** Long labels (paths) keep their end, which names the file. */
function shorten(label: string, max: number): string {
  return label.length <= max ? label : '…' + label.slice(label.length - max + 1);
}
