// What a region means to a reader (server, CLI, gate): re-anchored to the text at hand, with its origin and review state.
import { Acknowledgment, findAck, Ledger, Origin } from './ledger';
import { reanchor } from '../tracking/reanchor';
import { lineRangesOf, Region } from '../tracking/regionTracker';

export interface RegionView {
  region: Region;
  origin: Origin | undefined;
  /** 0-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
  ack: Acknowledgment | undefined;
}

/** The regions the ledger records for `path`, moved onto `text` (the open document, the file on disk, a staged blob). */
export function regionsForText(ledger: Ledger, path: string, text: string): Region[] {
  const entry = ledger.files[path];
  if (!entry) return [];
  // Read once: the server holds snapshots deflated, and each read inflates (server/packedEntry.ts).
  const { snapshot } = entry;
  return snapshot === text ? entry.regions : reanchor(snapshot, text, entry.regions);
}

export function viewRegions(ledger: Pick<Ledger, 'origins' | 'acks'>, regions: readonly Region[], text: string): RegionView[] {
  const lines = lineRangesOf(text, regions);
  return regions.map((region, k) => {
    const regionText = text.slice(region.start, region.end);
    const { startLine, endLine } = lines[k];
    return {
      region,
      origin: ledger.origins[region.origin],
      startLine,
      endLine,
      text: regionText,
      ack: findAck(ledger, region.origin, regionText),
    };
  });
}

/** Regions that are only whitespace are not worth a review: a blank line the AI added cannot hide behaviour. */
export function isTrivial(view: Pick<RegionView, 'text'>): boolean {
  return view.text.trim() === '';
}
