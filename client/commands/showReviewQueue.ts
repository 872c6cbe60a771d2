// Loadbearing: Show Review Queue — the "AI edits to review" view, refreshed; returns its entries for scripts and tests.
import * as vscode from 'vscode';
import { QueueEntry } from '../../core/protocol';
import { CommandContext } from './context';

export async function showReviewQueue(ctx: CommandContext): Promise<QueueEntry[]> {
  const { entries } = await ctx.queue.refresh();
  await vscode.commands.executeCommand('loadbearing.reviewQueue.focus');
  return entries;
}
