// Statistics and the report of `npm run bench`: median, p99, max, ratio to a baseline measured in the same run.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ScenarioResult {
  name: string;
  unit: string;
  samples: number[];
  baselineName: string;
  baseline: number[];
  /** Extra figures worth reporting (e.g. a total), shown after the table. */
  notes?: string[];
  /** What the ratio compares: medians (default), or the longest samples (e.g. the longest freeze). */
  ratioOf?: 'median' | 'max';
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at];
}

export const median = (values: number[]) => quantile(values, 0.5);
export const max = (values: number[]) => quantile(values, 1);

function fmt(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

export function report(results: ScenarioResult[], file: string): string {
  const ratio = (r: ScenarioResult) => (r.ratioOf === 'max' ? max(r.samples) / max(r.baseline) : median(r.samples) / median(r.baseline));
  const rows = results.map((r) => {
    const med = median(r.samples);
    const base = median(r.baseline);
    return {
      scenario: r.name,
      n: String(r.samples.length),
      median: `${fmt(med)} ${r.unit}`,
      p99: `${fmt(quantile(r.samples, 0.99))} ${r.unit}`,
      max: `${fmt(max(r.samples))} ${r.unit}`,
      baseline: `${r.baselineName}: ${fmt(base)} ${r.unit}`,
      baselineMax: `${fmt(max(r.baseline))} ${r.unit}`,
      ratio: `${fmt(ratio(r))}x${r.ratioOf === 'max' ? ' (max)' : ''}`,
    };
  });
  const headers = {
    scenario: 'scenario',
    n: 'n',
    median: 'median',
    p99: 'p99',
    max: 'max',
    baseline: 'baseline (median)',
    baselineMax: 'baseline max',
    ratio: 'ratio',
  };
  const keys = Object.keys(headers) as (keyof typeof headers)[];
  const widths = keys.map((k) => Math.max(headers[k].length, ...rows.map((row) => row[k].length)));
  const line = (row: Record<string, string>) => keys.map((k, i) => row[k].padEnd(widths[i])).join('  ').trimEnd();
  const table = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const r of results) for (const note of r.notes ?? []) table.push(`  ${r.name}: ${note}`);

  const json = results.map((r) => ({
    scenario: r.name,
    unit: r.unit,
    n: r.samples.length,
    median: median(r.samples),
    p99: quantile(r.samples, 0.99),
    max: max(r.samples),
    baseline: { name: r.baselineName, median: median(r.baseline), p99: quantile(r.baseline, 0.99), max: max(r.baseline), n: r.baseline.length },
    ratio: ratio(r),
    ratioOf: r.ratioOf ?? 'median',
    notes: r.notes ?? [],
  }));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, results: json }, null, 2) + '\n');
  return table.join('\n');
}
