// Loadbearing: Show Report — asks the language server for the report of the active file's repository (else the first
// workspace repository) and shows it; returns the data, for scripts and tests. In Restricted Mode no git runs, so the
// report covers the working tree only.
import * as vscode from 'vscode';
import { findRepo } from '../../core/git/gitRepo';
import { ReportRequest } from '../../core/protocol';
import type { ReportData } from '../../core/report/reportModel';
import { workspaceRepos } from '../commitGate';
import { ReportPanel } from '../reportPanel';
import { CommandContext } from './context';

/** One report panel per window, shown again (and re-rendered) by each run of the command. */
const panel = new ReportPanel();

export async function showReport(ctx: CommandContext, range?: unknown): Promise<ReportData | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const repo = (active?.scheme === 'file' ? findRepo(active.fsPath) : undefined) ?? workspaceRepos()[0];
  if (!repo) {
    void vscode.window.showInformationMessage('Loadbearing: open a folder inside a git repository to see its report.');
    return undefined;
  }
  const ranges = Array.isArray(range) && range.every((r) => typeof r === 'string') ? (range as string[]) : undefined;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loadbearing: computing the report' }, () =>
    ctx.client.sendRequest(ReportRequest.type, { uri: vscode.Uri.file(repo.root).toString(), range: ranges, readHistory: vscode.workspace.isTrusted }),
  );
  ctx.log.info(`report of ${repo.root}: ${'error' in result ? result.error : `${result.data.range.commits} commits, ${result.data.totals.regions} regions`}`);
  if ('error' in result) {
    void vscode.window.showErrorMessage(`Loadbearing: no report: ${result.error}`);
    return undefined;
  }
  panel.show(result.data);
  return result.data;
}
