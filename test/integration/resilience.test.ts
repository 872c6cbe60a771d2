// Nothing on screen is lost: a language server killed with SIGKILL is restarted and shows the same regions and
// reviews; an acknowledgment made by another process (another window, the CLI) shows here within moments.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerInfo } from '../../core/protocol';
import { activateExtension, AI_SNIPPET, cursorAtEnd, fileUri, loadbearingDiagnostics, openEditor, paste, readWorkspaceFile, restore, saved, waitFor, workspaceRoot } from './helpers';

const SESSION = 'src/auth/session.ts';

function cli(...args: string[]): string {
  const cliPath = path.join(vscode.extensions.getExtension('loadbearing.loadbearing')!.extensionPath, 'dist', 'cli.js');
  return execFileSync(process.execPath, [cliPath, ...args], { cwd: workspaceRoot(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }).toString();
}

describe('resilience', () => {
  let original = '';
  before(async () => {
    await activateExtension();
    original = readWorkspaceFile(SESSION);
  });
  afterEach(async () => {
    await restore(SESSION, original);
    await waitFor(() => loadbearingDiagnostics(fileUri(SESSION)).length === 0, 'diagnostics to clear');
  });

  it('a killed language server is restarted and shows the same unreviewed and reviewed regions', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged');
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET.replace('isAdmin', 'isOwner').replace("'admin'", "'owner'"));
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 2, 'the second paste to be flagged');
    editor.selection = new vscode.Selection(at + 1, 2, at + 1, 2);
    await vscode.commands.executeCommand('loadbearing.reviewRegion');
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the first region to be reviewed');

    const before = await vscode.commands.executeCommand<ServerInfo>('loadbearing.showServerStatus');
    process.kill(before.pid, 'SIGKILL');
    const after = await waitFor(async () => {
      try {
        const info = await vscode.commands.executeCommand<ServerInfo | undefined>('loadbearing.showServerStatus');
        return info && info.pid !== before.pid ? info : undefined;
      } catch {
        return undefined;
      }
    }, 'a new language server', 30_000);
    assert.notEqual(after.pid, before.pid);
    // The restarted server knows the same: one unreviewed region (the second paste), the first still reviewed.
    const [diagnostic] = await waitFor(() => {
      const d = loadbearingDiagnostics(editor.document.uri);
      return d.length === 1 ? d : undefined;
    }, 'the regions to be back after the restart');
    assert.equal(diagnostic.range.start.line, at + 4);
  });

  it('an acknowledgment made by another process shows here at once', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged');
    await saved(editor.document);
    const out = cli('review', `${SESSION}:${at + 2}`, '--yes', '--reason', 'reviewed in another terminal');
    assert.match(out, /review/i);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 0, 'the review from the CLI to clear the diagnostic');
  });
});
