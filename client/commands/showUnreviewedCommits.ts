// Loadbearing: Show Unreviewed AI Code in Recent Commits — what bypassed the gate; pick one to open the file there.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UnreviewedCommit, UnreviewedCommitsRequest } from '../../core/protocol';
import { CommandContext } from './context';

/** Asks the server to look now (it runs the CLI's `verify`; nothing in Restricted Mode, where the list is empty). */
export async function showUnreviewedCommits(ctx: CommandContext): Promise<UnreviewedCommit[]> {
  const found: (UnreviewedCommit & { root: string })[] = [];
  for (const repo of await ctx.client.sendRequest(UnreviewedCommitsRequest.type, {})) {
    for (const commit of repo.commits) found.push({ ...commit, root: repo.root });
  }
  if (found.length === 0) {
    void vscode.window.showInformationMessage('Loadbearing: no unreviewed AI code in recent commits.');
    return found;
  }
  const items = found.flatMap((c) =>
    c.problems.map((p) => ({
      label: `${p.path}:${p.startLine}-${p.endLine}`,
      description: `${p.tier} · ${p.source}`,
      detail: `${c.commit.slice(0, 7)} ${c.subject}`,
      file: p.path ? path.join(c.root, p.path) : undefined,
      line: (p.startLine ?? 1) - 1,
    })),
  );
  void vscode.window
    .showQuickPick(items, { title: 'Unreviewed AI code in recent commits', placeHolder: 'Pick one to open the file there' })
    .then(async (pick) => {
      if (!pick?.file) return;
      const position = new vscode.Position(pick.line, 0);
      await vscode.window.showTextDocument(vscode.Uri.file(pick.file), { selection: new vscode.Range(position, position) });
    });
  return found;
}
