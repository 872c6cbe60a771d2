// The commit gate's decision, pure: which AI regions in the staged texts of gated files block a commit, and the refusal text.
import type { Ledger } from '../ledger/ledger';
import { isTrivial, regionsForText, viewRegions } from '../ledger/regionView';

import { isTier, TIERS, type Tier } from '../tier';

/** One file as it will be committed: its staged text and its tier. */
export interface StagedFile {
  path: string;
  tier: Tier | null;
  text: string;
}

export interface BlockingRegion {
  path: string;
  tier: string;
  source: string;
  confidence: string;
  origin: string;
  /** 1-based, inclusive, in the staged text. */
  startLine: number;
  endLine: number;
}

export interface GateDecision {
  pass: boolean;
  blocking: BlockingRegion[];
  /** Gated files that were looked at. */
  checked: number;
}

/** Parses `critical,high` (the `--tiers` flag, LOADBEARING_GATE_TIERS); throws naming an unknown tier. */
export function parseTierList(text: string): Tier[] {
  const tiers = text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const tier of tiers) {
    if (!isTier(tier)) throw new Error(`unknown tier '${tier}' (expected some of ${TIERS.join(', ')})`);
  }
  return [...new Set(tiers as Tier[])];
}

/**
 * Blocks on every unacknowledged, non-trivial region of a gated file whose text is in the staged content: the
 * ledger's regions are re-anchored onto the staged text, so text that is only in the work tree does not count.
 */
export function decideGate(ledger: Ledger, files: readonly StagedFile[], gatedTiers: readonly Tier[]): GateDecision {
  const blocking: BlockingRegion[] = [];
  let checked = 0;
  for (const file of files) {
    if (file.tier === null || !gatedTiers.includes(file.tier)) continue;
    checked++;
    const regions = regionsForText(ledger, file.path, file.text);
    for (const view of viewRegions(ledger, regions, file.text)) {
      if (view.ack || isTrivial(view)) continue;
      blocking.push({
        path: file.path,
        tier: file.tier,
        source: view.origin?.source ?? 'unknown',
        confidence: view.origin?.confidence ?? 'likely',
        origin: view.region.origin,
        startLine: view.startLine + 1,
        endLine: view.endLine + 1,
      });
    }
  }
  return { pass: blocking.length === 0, blocking, checked };
}

/** `path:startLine-endLine  tier  source`: the contract's line for one region. */
export function formatRegionLine(r: Pick<BlockingRegion, 'path' | 'startLine' | 'endLine' | 'tier' | 'source'>): string {
  return `${r.path}:${r.startLine}-${r.endLine}  ${r.tier}  ${r.source}`;
}

/** What the hook prints when it refuses: the regions, then the two ways to review them. */
export function formatRefusal(decision: GateDecision): string[] {
  const n = decision.blocking.length;
  const first = decision.blocking[0];
  return [
    `Loadbearing: commit refused: ${n} AI-written region${n === 1 ? '' : 's'} in load-bearing files ${n === 1 ? 'is' : 'are'} not reviewed:`,
    ...decision.blocking.map(formatRegionLine),
    'Review, then commit again:',
    '  in VS Code: "Loadbearing: Show Review Queue" (loadbearing.showReviewQueue), or "Loadbearing: Mark AI Edit as Reviewed" (loadbearing.reviewRegion) at each region',
    `  in a terminal: loadbearing review   (each of them in turn)${first ? `, or one: loadbearing review ${shellWord(first.path)}:${first.startLine}` : ''}`,
  ];
}

/** A path as a user would type it in a shell: quoted only when it needs to be. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
