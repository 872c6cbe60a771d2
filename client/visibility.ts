// Which AI regions have been on screen, and for how long: samples every visible editor's visible ranges whenever they
// change (scrolling, switching editors, regions moving) so a review can send evidence that the code was looked at.
import * as vscode from 'vscode';
import type { RegionInfo, SeenEvidence } from '../core/protocol';
import { VisibleSample, VisibleTime } from '../core/review/visibleTime';
import { displayLines, RegionStore } from './regionStore';

/** A region's identity across moves: its document and origin (the parts of a split region share what was seen). */
export function regionKey(uri: string, origin: string): string {
  return `${uri}\0${origin}`;
}

export class Visibility implements vscode.Disposable {
  private readonly time = new VisibleTime();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: RegionStore,
    private readonly now: () => number = Date.now,
  ) {
    const sample = () => this.sample();
    this.subscriptions = [
      vscode.window.onDidChangeTextEditorVisibleRanges(sample),
      vscode.window.onDidChangeVisibleTextEditors(sample),
      store.onDidChange(sample),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const prefix = doc.uri.toString() + '\0';
        this.sample();
        this.time.prune((key) => !key.startsWith(prefix));
      }),
    ];
    this.sample();
  }

  /** Evidence for one region, counted up to this moment. */
  evidence(uri: string, region: Pick<RegionInfo, 'origin' | 'range'>): SeenEvidence {
    this.sample();
    return this.time.evidence(regionKey(uri, region.origin));
  }

  private sample(): void {
    const visible: VisibleSample = new Map();
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const regions = this.store.regions(uri);
      if (regions.length === 0) continue;
      for (const region of regions) {
        const { first, last } = displayLines(region);
        const shown: number[] = [];
        for (const range of editor.visibleRanges) {
          const from = Math.max(first, range.start.line);
          const to = Math.min(last, range.end.line);
          for (let line = from; line <= to; line++) shown.push(line - first);
        }
        const key = regionKey(uri, region.origin);
        const entry = visible.get(key);
        // A split region's parts share a key; line offsets are taken from the first part.
        if (entry) entry.visible = [...entry.visible, ...shown];
        else visible.set(key, { lines: last - first + 1, visible: shown });
      }
    }
    this.time.sample(this.now(), visible);
  }

  dispose(): void {
    this.sample();
    for (const s of this.subscriptions) s.dispose();
  }
}
