// Loadbearing: Mark AI Edit as Reviewed — acknowledges the region at the cursor (or the one passed), once it is on disk.
import * as vscode from 'vscode';
import { ReviewRequest, ReviewResult } from '../../core/protocol';
import { CommandContext, targetRegion } from './context';

export async function reviewRegion(ctx: CommandContext, arg?: unknown): Promise<ReviewResult | undefined> {
  const region = targetRegion(ctx, arg);
  if (!region) {
    void vscode.window.showInformationMessage('Loadbearing: there is no AI edit at the cursor.');
    return undefined;
  }
  const result = await ctx.client.sendRequest(ReviewRequest.type, { regions: [region] });
  vscode.window.setStatusBarMessage(`$(check) Loadbearing: reviewed by ${result.reviewer.name}`, 4000);
  return result;
}
