// Loadbearing: Review AI Edits in File — critical files step through each region (Reviewed / Skip / Show diff);
// other tiers take one confirmation that states the count (bulk acknowledgment is allowed there). Each review sends
// its evidence; critical code not on screen long enough asks for a reason.
import * as vscode from 'vscode';
import { RegionInfo, ReviewRequest } from '../../core/protocol';
import { reviewsOneAtATime } from '../../core/tier';
import { toRange } from '../regionStore';
import { CommandContext } from './context';
import { evidenceForReview } from './reviewEvidence';
import { showRegionDiff } from './showRegionDiff';

export async function reviewFile(ctx: CommandContext): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 0;
  const uri = editor.document.uri.toString();
  const pending = ctx.store.regions(uri).filter((r) => !r.reviewed);
  if (pending.length === 0) {
    void vscode.window.showInformationMessage('Loadbearing: no unreviewed AI edits in this file.');
    return 0;
  }
  if (pending.some((r) => reviewsOneAtATime(r.tier))) return stepThrough(ctx, editor, pending);
  const label = `Mark ${pending.length} as reviewed`;
  const answer = await vscode.window.showWarningMessage(
    `Mark all ${pending.length} AI edit${pending.length === 1 ? '' : 's'} in ${vscode.workspace.asRelativePath(editor.document.uri)} as reviewed?`,
    { modal: true, detail: 'Only do this once you have read each of them.' },
    label,
  );
  if (answer !== label) return 0;
  const regions = pending.map((r) => ({ uri, origin: r.origin, range: r.range }));
  // Not critical, so nothing is required: what was on screen is recorded as it is.
  const result = await ctx.client.sendRequest(ReviewRequest.type, { regions, evidence: regions.map((r) => ctx.visibility.evidence(uri, r)) });
  return result.reviewed;
}

type Answer = 'Reviewed' | 'Skip' | 'Show diff';

/** A quick pick rather than a notification: it has the keyboard, shows next to the code, and cannot be missed. */
async function askAbout(region: RegionInfo, range: vscode.Range, index: number, total: number): Promise<Answer | undefined> {
  const items: (vscode.QuickPickItem & { answer: Answer })[] = [
    { label: '$(check) Reviewed', description: 'I have read this AI-written code', answer: 'Reviewed' },
    { label: '$(debug-step-over) Skip', description: 'leave it unreviewed for now', answer: 'Skip' },
    { label: '$(diff) Show diff', description: 'what the AI inserted, against the text before it', answer: 'Show diff' },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `AI edit ${index + 1} of ${total}: lines ${range.start.line + 1}–${displayEnd(range)} (${region.source}, ${region.confidence})`,
    placeHolder: 'Reviewed, Skip or Show diff (Escape stops)',
    ignoreFocusOut: true,
  });
  return pick?.answer;
}

function displayEnd(range: vscode.Range): number {
  return range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
}

/** One region at a time: reveal it, then ask. A critical file never gets a bulk acknowledgment. */
async function stepThrough(ctx: CommandContext, editor: vscode.TextEditor, pending: RegionInfo[]): Promise<number> {
  const uri = editor.document.uri.toString();
  let reviewed = 0;
  for (let i = 0; i < pending.length; i++) {
    const region = pending[i];
    const range = toRange(region);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    for (;;) {
      const answer = await askAbout(region, range, i, pending.length);
      if (answer === 'Show diff') {
        await showRegionDiff(ctx, { uri, origin: region.origin, range: region.range });
        await vscode.window.showTextDocument(editor.document, editor.viewColumn);
        continue;
      }
      if (answer === 'Reviewed') {
        const ref = { uri, origin: region.origin, range: region.range };
        const evidence = await evidenceForReview(ctx, ref);
        if (evidence) reviewed += (await ctx.client.sendRequest(ReviewRequest.type, { regions: [ref], evidence: [evidence] })).reviewed;
      } else if (answer === undefined) {
        return reviewed; // dismissed: stop stepping
      }
      break;
    }
  }
  return reviewed;
}
