// Loadbearing: Show What the AI Inserted — a diff editor of the file before and after the AI insertion, as far as the
// ledger knows (the text it replaced and the text it inserted).
import * as vscode from 'vscode';
import { RegionDiffRequest } from '../../core/protocol';
import { CommandContext, targetRegion } from './context';

export const DIFF_SCHEME = 'loadbearing-diff';
const contents = new Map<string, string>();

export function registerDiffContent(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, {
    provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? '',
  });
}

export async function showRegionDiff(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const region = targetRegion(ctx, arg);
  if (!region) {
    void vscode.window.showInformationMessage('Loadbearing: there is no AI edit at the cursor.');
    return false;
  }
  const diff = await ctx.client.sendRequest(RegionDiffRequest.type, { uri: region.uri, origin: region.origin });
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(region.uri));
  if (!diff) {
    void vscode.window.showInformationMessage('Loadbearing: the ledger does not know what this AI edit replaced.');
    return false;
  }
  const text = doc.getText();
  const info = ctx.store.regions(region.uri).filter((r) => r.origin === region.origin);
  const first = info.length > 0 ? doc.offsetAt(new vscode.Position(info[0].range.start.line, info[0].range.start.character)) : 0;
  const last = info.length > 0 ? doc.offsetAt(new vscode.Position(info[info.length - 1].range.end.line, info[info.length - 1].range.end.character)) : 0;
  const before = text.slice(0, first) + diff.before + text.slice(last);
  const stamp = Date.now();
  const left = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${diff.path}`, query: `before-${stamp}` });
  const right = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${diff.path}`, query: `after-${stamp}` });
  contents.set(left.toString(), before);
  contents.set(right.toString(), text);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${diff.path}: before ↔ after AI ${diff.source} (${diff.time.slice(0, 16).replace('T', ' ')})`);
  return true;
}
