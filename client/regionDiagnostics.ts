// Where the server's region diagnostics ("unreviewed AI-written code") are shown: spread over a few collections by
// region, so that a review or a new region replaces the markers of one collection, not of the whole file.
import * as vscode from 'vscode';

/**
 * VS Code replaces every marker of a collection for a file (and re-creates its squiggle, ruler mark and Problems row)
 * each time that file's set changes; markers of other collections are left alone. One collection with 500 regions
 * meant 500 markers re-created per review (renderer tasks of 200-700 ms over 30 reviews, the freeze benchmark).
 */
const BUCKETS = 16;
const REGION_CODE = 'ai-edit-unreviewed';

type Next = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => void;

function isRegionDiagnostic(d: vscode.Diagnostic): boolean {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return d.source === 'loadbearing' && code === REGION_CODE;
}

/** A region's bucket: by its origin (the parts of a split region stay together), else by line. */
function bucketOf(d: vscode.Diagnostic): number {
  const origin = (d as { data?: { origin?: unknown } }).data?.origin;
  const seed = typeof origin === 'string' ? origin : String(d.range.start.line);
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return Math.abs(hash) % BUCKETS;
}

function keyOf(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${d.severity}|${d.message}|${(d as { data?: { origin?: unknown } }).data?.origin}`;
}

export class RegionDiagnostics implements vscode.Disposable {
  private readonly collections = Array.from({ length: BUCKETS }, (_, i) => vscode.languages.createDiagnosticCollection(`loadbearing-regions-${i}`));
  /** Per file, what each bucket shows now, as a key. */
  private readonly shown = new Map<string, string[]>();
  /** Files for which the language client's own collection holds diagnostics (a policy file's). */
  private readonly others = new Set<string>();

  /** The language client's handleDiagnostics middleware: region diagnostics here, the rest (policy files) to `next`. */
  handle(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], next: Next): void {
    const key = uri.toString();
    const others = diagnostics.filter((d) => !isRegionDiagnostic(d));
    if (others.length > 0 || this.others.has(key)) next(uri, others);
    if (others.length > 0) this.others.add(key);
    else this.others.delete(key);

    const buckets: vscode.Diagnostic[][] = Array.from({ length: BUCKETS }, () => []);
    for (const d of diagnostics) if (isRegionDiagnostic(d)) buckets[bucketOf(d)].push(d);
    const previous = this.shown.get(key) ?? [];
    const now = buckets.map((list) => list.map(keyOf).join('\n'));
    for (let i = 0; i < BUCKETS; i++) {
      if (now[i] === (previous[i] ?? '')) continue;
      this.collections[i].set(uri, buckets[i].length > 0 ? buckets[i] : undefined);
    }
    if (now.every((k) => k === '')) this.shown.delete(key);
    else this.shown.set(key, now);
  }

  /** The server stopped: what it published is no longer vouched for (it publishes again once it is back). */
  clear(): void {
    for (const c of this.collections) c.clear();
    this.shown.clear();
  }

  dispose(): void {
    for (const c of this.collections) c.dispose();
  }
}
