// Loadbearing: Go to Next / Previous AI Edit — across files, in tier order (critical first), as the review queue lists them.
import * as vscode from 'vscode';
import { shellWord } from '../../core/review/commitGate';
import { QueueEntry } from '../../core/protocol';
import { toRange } from '../regionStore';
import { CommandContext } from './context';

export function nextRegion(ctx: CommandContext): Promise<QueueEntry | undefined> {
  return go(ctx, 1);
}

export function previousRegion(ctx: CommandContext): Promise<QueueEntry | undefined> {
  return go(ctx, -1);
}

async function go(ctx: CommandContext, step: 1 | -1): Promise<QueueEntry | undefined> {
  const entries = (await ctx.queue.refresh()).entries;
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Loadbearing: no unreviewed AI edits.');
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const here = editor?.document.uri.toString();
  const line = editor?.selection.active.line ?? -1;
  let index: number;
  if (step === 1) {
    index = entries.findIndex((e) => e.uri === here && e.range.start.line > line);
    if (index < 0) {
      const lastHere = entries.map((e) => e.uri).lastIndexOf(here ?? '');
      index = (lastHere + 1) % entries.length;
    }
  } else {
    const before = entries.map((e, i) => (e.uri === here && e.range.start.line < line ? i : -1)).filter((i) => i >= 0);
    if (before.length > 0) index = before[before.length - 1];
    else {
      const firstHere = entries.findIndex((e) => e.uri === here);
      index = ((firstHere < 0 ? 0 : firstHere) - 1 + entries.length) % entries.length;
    }
  }
  const entry = entries[index];
  const range = toRange(entry);
  const uri = vscode.Uri.parse(entry.uri);
  try {
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(range.start, range.start) });
  } catch (error) {
    // VS Code does not open a binary file as text (an agent may record one with `loadbearing mark`): show it the way
    // VS Code can, and say where it can be reviewed.
    ctx.log.info(`${entry.path} cannot be shown as text (${error instanceof Error ? error.message : String(error)})`);
    await vscode.commands.executeCommand('vscode.open', uri);
    const line = range.start.line + 1;
    void vscode.window.showInformationMessage(
      `Loadbearing: ${entry.path} is not a text file; review its AI edit in a terminal: loadbearing review ${shellWord(entry.path)}:${line}`,
    );
  }
  return entry;
}
