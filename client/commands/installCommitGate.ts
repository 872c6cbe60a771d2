// Loadbearing: Install Commit Gate — the pre-commit and post-commit hooks, in each repository of the workspace.
import * as vscode from 'vscode';
import { workspaceRepos } from '../commitGate';
import { CommandContext } from './context';

export async function installCommitGate(ctx: CommandContext): Promise<string[]> {
  const repos = workspaceRepos();
  if (repos.length === 0) {
    void vscode.window.showInformationMessage('Loadbearing: no git repository in this workspace.');
    return [];
  }
  const dirs: string[] = [];
  for (const repo of repos) dirs.push((await ctx.gate.install(repo)).hooksDir);
  void vscode.window.showInformationMessage(`Loadbearing: commit gate installed (${dirs.join(', ')}).`);
  return dirs;
}
