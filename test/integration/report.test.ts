// Loadbearing: Show Report in a real VS Code: the command opens the "Loadbearing Report" webview tab, and the data the
// server computed for it is exactly what the bundled CLI's `loadbearing report --json` prints for the same repository.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, AI_SNIPPET, cursorAtEnd, openEditor, paste, readWorkspaceFile, restore, waitFor, workspaceRoot } from './helpers';

/** The report's JSON, less its timestamp (the CLI runs a moment later). */
type Report = { generatedAt?: string; debt: { path: string; tier: string; workingLines: number }[]; range: { historyRead: boolean } };

function cliReport(): Promise<Report> {
  const extension = vscode.extensions.getExtension('loadbearing.loadbearing')!;
  const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'report', '--json'], { cwd: workspaceRoot(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`loadbearing report failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as Report);
    });
  });
}

function reportTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Loadbearing Report' && t.input instanceof vscode.TabInputWebview);
}

describe('report', () => {
  const FILE = 'src/auth/session.ts';
  let original: string;
  before(async function () {
    this.timeout(60_000);
    await activateExtension();
    original = readWorkspaceFile(FILE);
  });
  after(async () => {
    await restore(FILE, original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Report opens the webview, with the same figures as `loadbearing report --json`', async function () {
    // Opening, pasting, saving and two reports: minutes on a loaded 2-core machine, seconds otherwise.
    this.timeout(180_000);
    const editor = await openEditor(FILE);
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await editor.document.save();

    const data = await vscode.commands.executeCommand<Report | undefined>('loadbearing.showReport');
    assert.ok(data, 'the command returned the report');
    const tab = await waitFor(reportTab, 'the "Loadbearing Report" tab');
    assert.match((tab.input as vscode.TabInputWebview).viewType, /loadbearing\.report$/);
    assert.ok(tab.isActive, 'the report is the active tab');

    const row = data.debt.find((d) => d.path === FILE);
    assert.ok(row, `the pasted code is unreviewed debt: ${JSON.stringify(data.debt)}`);
    assert.equal(row.tier, 'critical');
    assert.equal(row.workingLines, AI_SNIPPET.trim().split('\n').length);
    assert.equal(data.range.historyRead, true, 'a trusted workspace reads the history');

    const fromCli = await cliReport();
    delete data.generatedAt;
    delete fromCli.generatedAt;
    assert.deepEqual(data, fromCli);
  });

  it('running it again reuses the one panel', async () => {
    await vscode.commands.executeCommand('loadbearing.showReport');
    await waitFor(reportTab, 'the report tab');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Loadbearing Report');
    assert.equal(tabs.length, 1);
  });
});
