// How long each AI region has been on screen and which of its lines were seen, from samples of what editors show.
// Pure (no `vscode`): client/visibility.ts feeds it samples on every scroll, editor switch and region update.
import type { SeenEvidence } from '../ledger/ledger';

/** What is on screen at one moment: per region key, the region's line count and its lines (0-based, relative) shown. */
export type VisibleSample = Map<string, { lines: number; visible: readonly number[] }>;

interface Seen {
  ms: number;
  lines: Set<number>;
}

export class VisibleTime {
  private readonly seen = new Map<string, Seen>();
  private visibleNow = new Set<string>();
  private last: number | undefined;

  /**
   * Credits the time since the previous sample to the regions visible then (what was on screen stays on screen
   * until the next event changes it), then records what is visible now.
   */
  sample(now: number, visible: VisibleSample): void {
    if (this.last !== undefined) {
      const elapsed = Math.max(0, now - this.last);
      for (const key of this.visibleNow) this.entry(key).ms += elapsed;
    }
    this.last = now;
    this.visibleNow = new Set();
    for (const [key, { lines, visible: shown }] of visible) {
      const inside = shown.filter((l) => l >= 0 && l < lines);
      if (inside.length === 0) continue;
      this.visibleNow.add(key);
      const entry = this.entry(key);
      for (const l of inside) entry.lines.add(l);
    }
  }

  /** The evidence for a region so far: seconds on screen and distinct lines seen. Call `sample` first to count up to now. */
  evidence(key: string): SeenEvidence {
    const entry = this.seen.get(key);
    return { secondsVisible: Math.round((entry?.ms ?? 0) / 100) / 10, linesSeen: entry?.lines.size ?? 0, via: 'editor' };
  }

  /** Drops what is known about keys for which `keep` is false (regions gone with their document). */
  prune(keep: (key: string) => boolean): void {
    for (const key of this.seen.keys()) if (!keep(key)) this.seen.delete(key);
    for (const key of this.visibleNow) if (!keep(key)) this.visibleNow.delete(key);
  }

  private entry(key: string): Seen {
    let entry = this.seen.get(key);
    if (!entry) this.seen.set(key, (entry = { ms: 0, lines: new Set() }));
    return entry;
  }
}
