// The review queue view and the status bar count follow what the server pushes, with no command run to refresh them:
// an agent's region recorded in a closed file joins them, a file closed with an unreviewed region stays in them, and a
// review (in the editor or from a terminal) takes its region out.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QueueEntry } from '../../core/protocol';
import { activateExtension, AI_SNIPPET, cursorAtEnd, fileUri, flagged, loadbearingDiagnostics, paste, saved, waitFor, workspaceRoot } from './helpers';

/** The extension's exports (client/extension.ts `LoadbearingApi`). */
interface LoadbearingApi {
  shown(): { queue: QueueEntry[]; status: string };
}

function cli(...args: string[]): { code: number; out: string } {
  const cliPath = path.join(vscode.extensions.getExtension('loadbearing.loadbearing')!.extensionPath, 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: workspaceRoot(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('review queue and status bar from pushed state', () => {
  let api: LoadbearingApi;
  before(async () => {
    await activateExtension();
    api = vscode.extensions.getExtension<LoadbearingApi>('loadbearing.loadbearing')!.exports;
    // One whole-queue answer first (as on start), so the counts below start from what is recorded; after this no
    // command runs that would ask the server again.
    await vscode.commands.executeCommand('loadbearing.showReviewQueue');
  });

  const inQueue = (rel: string) => api.shown().queue.filter((e) => e.path === rel);
  /** The count the status bar shows ("N to review"; none when nothing blocks a commit). */
  const statusCount = () => Number(/(\d+) to review/.exec(api.shown().status)?.[1] ?? 0);
  /** What the status bar must count: the entries of the view in gated tiers (default critical and high). */
  const gatedInView = () => api.shown().queue.filter((e) => e.tier === 'critical' || e.tier === 'high').length;
  /**
   * Waits until the view holds `n` entries of `rel` and the status bar counts what the view holds: read together, so
   * entries other tests left behind (still arriving when this starts, in a full run) cannot make it wrong.
   */
  const settledWith = (rel: string, n: number) =>
    waitFor(() => inQueue(rel).length === n && statusCount() === gatedInView(), `${n} of ${rel} in the view and the status bar counting the view: ${api.shown().status}, ${gatedInView()} gated`);

  it('a region an agent records in a closed critical file joins the view and the count', async () => {
    const rel = 'src/auth/pushedByAgent.ts';
    fs.writeFileSync(fileUri(rel).fsPath, 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n');
    assert.equal(cli('mark', rel, '--lines', '2-3', '--source', 'agent').code, 0);
    await settledWith(rel, 1);
    const [entry] = inQueue(rel);
    assert.deepEqual([entry.tier, entry.range.start.line, entry.range.end.line], ['critical', 1, 3]);
    const counted = statusCount();
    assert.ok(counted >= 1, 'the critical region is counted');

    // Reviewed from a terminal: it leaves the view and the count.
    assert.equal(cli('review', `${rel}:2`, '--yes', '--reason', 'checked by hand').code, 0);
    await settledWith(rel, 0);
    fs.rmSync(fileUri(rel).fsPath);
  });

  it('a file closed with an unreviewed region stays in the view; a review in the editor takes its region out', async () => {
    const rel = 'src/auth/closedWithAi.ts';
    fs.writeFileSync(fileUri(rel).fsPath, '// closed with AI code\n');
    // Opened as the explorer does: a document the extension host opened itself stays open for minutes after its editor closes.
    await vscode.commands.executeCommand('vscode.open', fileUri(rel), { preview: false });
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === fileUri(rel).fsPath && vscode.window.activeTextEditor, 'the editor');
    const doc = editor.document;
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await flagged(doc.uri, 'the paste to be flagged');
    await settledWith(rel, 1);
    editor.selection = new vscode.Selection(at + 1, 2, at + 1, 2);
    await vscode.commands.executeCommand('loadbearing.reviewRegion');
    await waitFor(() => loadbearingDiagnostics(doc.uri).length === 0, 'the review to clear the diagnostic');
    await settledWith(rel, 0);

    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await flagged(doc.uri, 'the second paste to be flagged');
    await saved(doc);
    await waitFor(() => inQueue(rel).length === 1, `the second paste in the view: ${JSON.stringify(inQueue(rel).map((e) => e.range))}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // VS Code drops the document once its editor is closed; the server then pushes the file's entries from disk.
    await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString()), 'VS Code to close the document');
    await settledWith(rel, 1);
    const pushed = inQueue(rel);
    assert.equal(pushed[0].tier, 'critical');
    assert.equal(cli('review', `${rel}:${pushed[0].range.start.line + 1}`, '--yes', '--reason', 'checked by hand').code, 0);
    await settledWith(rel, 0);
    fs.rmSync(fileUri(rel).fsPath);
  });
});
