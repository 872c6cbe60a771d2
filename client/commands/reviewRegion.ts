// Loadbearing: Mark AI Edit as Reviewed — acknowledges the region at the cursor (or the one passed), once it is on disk,
// with the evidence that it was read (on screen long enough, or a reason for critical code).
import * as vscode from 'vscode';
import { ReviewRequest, ReviewResult } from '../../core/protocol';
import { CommandContext, targetRegion } from './context';
import { evidenceForReview } from './reviewEvidence';

export async function reviewRegion(ctx: CommandContext, arg?: unknown): Promise<ReviewResult | undefined> {
  const region = targetRegion(ctx, arg);
  if (!region) {
    void vscode.window.showInformationMessage('Loadbearing: there is no AI edit at the cursor.');
    return undefined;
  }
  const evidence = await evidenceForReview(ctx, region);
  if (!evidence) {
    vscode.window.setStatusBarMessage('Loadbearing: not reviewed (no reason given)', 4000);
    return undefined;
  }
  const result = await ctx.client.sendRequest(ReviewRequest.type, { regions: [region], evidence: [evidence] });
  vscode.window.setStatusBarMessage(`$(check) Loadbearing: reviewed by ${result.reviewer.name}`, 4000);
  return result;
}
