// Unreviewed AI code that reached a commit anyway (`git commit --no-verify`, or no gate installed): the server finds it
// (it runs the CLI's `verify`, only in a trusted workspace) and pushes it; here it is told to the user once per repository.
import * as vscode from 'vscode';
import { UnreviewedCommit, UnreviewedCommitsParams } from '../core/protocol';

/** A one-line description of what reached a commit unreviewed. */
export function describeUnreviewed(commits: UnreviewedCommit[]): string {
  const regions = commits.reduce((n, c) => n + c.problems.length, 0);
  const first = commits[0];
  const example = first.problems[0];
  const where = example?.path ? ` (e.g. ${first.commit.slice(0, 7)}: ${example.path}:${example.startLine}-${example.endLine})` : '';
  return `${regions} unreviewed AI edit${regions === 1 ? '' : 's'} in load-bearing files reached ${commits.length === 1 ? 'a commit' : `${commits.length} commits`}${where}, committed with --no-verify or without the gate.`;
}

/** Says what the server found in recent commits, once per repository and window (a restarted server finds it again). */
export class UnreviewedCommitsNotice {
  private readonly told = new Set<string>();

  show(params: UnreviewedCommitsParams): void {
    if (params.commits.length === 0 || this.told.has(params.root)) return;
    this.told.add(params.root);
    void vscode.window.showWarningMessage(`Loadbearing: ${describeUnreviewed(params.commits)}`, 'Show').then((choice) =>
      choice ? vscode.commands.executeCommand('loadbearing.showUnreviewedCommits') : undefined,
    );
  }
}
