// Loadbearing: Remove Commit Gate — removes the hooks and puts back any hook that was there before.
import * as vscode from 'vscode';
import { workspaceRepos } from '../commitGate';
import { CommandContext } from './context';

export async function removeCommitGate(ctx: CommandContext): Promise<number> {
  const repos = workspaceRepos();
  for (const repo of repos) await ctx.gate.remove(repo);
  void vscode.window.showInformationMessage(`Loadbearing: commit gate removed from ${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'}.`);
  return repos.length;
}
