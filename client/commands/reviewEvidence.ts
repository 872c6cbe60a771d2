// The evidence a review from VS Code sends: how long the region was on screen and how many of its lines; for critical
// code seen too briefly (or not at all), a one-line reason asked in an input box, or no review.
import * as vscode from 'vscode';
import type { RegionInfo, ReviewEvidence } from '../../core/protocol';
import { checkReason, evidenceSuffices, EvidenceThresholds, shortfall } from '../../core/review/reviewEvidence';
import { requiresReviewEvidence } from '../../core/tier';
import { displayLines } from '../regionStore';
import { readSettings } from '../settings';
import { CommandContext, RegionArg } from './context';

export function thresholdsFor(uri: string): EvidenceThresholds {
  const s = readSettings(vscode.Uri.parse(uri));
  return { minSeconds: s.reviewMinSeconds, minSecondsPerLine: s.reviewMinSecondsPerLine };
}

/**
 * Evidence for acknowledging `region`, or undefined when the reviewer declined to give a reason. Outside the critical
 * tier what was seen is recorded as it is; a critical region not seen long enough asks for a reason.
 */
export async function evidenceForReview(ctx: CommandContext, region: RegionArg): Promise<ReviewEvidence | undefined> {
  const seen = ctx.visibility.evidence(region.uri, region);
  const info: RegionInfo | undefined = ctx.store.regions(region.uri).find((r) => r.origin === region.origin);
  // A region the client has no tier for is treated as critical: asking once too often is better than not asking.
  if (info && !requiresReviewEvidence(info.tier)) return seen;
  const { first, last } = displayLines(region);
  const lines = last - first + 1;
  const thresholds = thresholdsFor(region.uri);
  if (evidenceSuffices(seen, lines, thresholds)) return seen;
  const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(region.uri))}:${first + 1}–${last + 1}`;
  const reason = await vscode.window.showInputBox({
    title: `Loadbearing: ${where} is critical and ${shortfall(seen, lines, thresholds)}`,
    prompt: 'Why are you sure this AI-written code is right? One line, kept with the review. (Escape: leave it unreviewed)',
    placeHolder: 'e.g. identical to the reviewed version in PR #123',
    ignoreFocusOut: true,
    validateInput: (text) => {
      const checked = checkReason(text);
      return 'error' in checked ? checked.error : undefined;
    },
  });
  if (reason === undefined) return undefined;
  const checked = checkReason(reason);
  return 'reason' in checked ? checked : undefined;
}
