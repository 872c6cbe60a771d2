// Loadbearing: Not AI-Written (Unmark) — a wrong attribution: the region stops being AI; recorded in the audit log.
import * as vscode from 'vscode';
import { UnmarkRequest } from '../../core/protocol';
import { CommandContext, targetRegion } from './context';

export async function unmarkRegion(ctx: CommandContext, arg?: unknown): Promise<number> {
  const region = targetRegion(ctx, arg);
  if (!region) {
    void vscode.window.showInformationMessage('Loadbearing: there is no AI edit at the cursor.');
    return 0;
  }
  return ctx.client.sendRequest(UnmarkRequest.type, { uri: region.uri, origin: region.origin });
}
