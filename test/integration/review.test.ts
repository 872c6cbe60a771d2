// Acknowledging AI code: the highlight and diagnostic go, the ledger names the reviewer, and editing the code flags it again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  cursorAtEnd,
  AI_SNIPPET,
  fileUri,
  ledgerJson,
  flagged,
  loadbearingDiagnostics,
  openEditor,
  paste,
  readWorkspaceFile,
  restore,
  waitFor,
} from './helpers';

const SESSION = 'src/auth/session.ts';

describe('review', () => {
  let original = '';
  before(async () => {
    await activateExtension();
    original = readWorkspaceFile(SESSION);
  });
  afterEach(async () => {
    await restore(SESSION, original);
    await waitFor(() => loadbearingDiagnostics(fileUri(SESSION)).length === 0, 'diagnostics to clear');
  });

  it('reviewRegion acknowledges the region at the cursor, records the reviewer, and clears the diagnostic', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged');
    editor.selection = new vscode.Selection(at + 1, 4, at + 1, 4);
    const result = await vscode.commands.executeCommand<{ reviewed: number; reviewer: { name: string } }>('loadbearing.reviewRegion');
    assert.equal(result?.reviewed, 1);
    // Reported done only once on disk: the ledger already holds it.
    const ack = ledgerJson().acks.at(-1);
    assert.equal(ack?.reviewer.name, 'Demo Reviewer');
    assert.equal(ack?.reviewer.email, 'reviewer@example.com');
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 0, 'the diagnostic to clear');
  });

  it('typing inside reviewed AI code flags it again', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged');
    editor.selection = new vscode.Selection(at + 1, 4, at + 1, 4);
    await vscode.commands.executeCommand('loadbearing.reviewRegion');
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 0, 'the diagnostic to clear');
    editor.selection = new vscode.Selection(at + 2, 9, at + 2, 9);
    await vscode.commands.executeCommand('type', { text: '!' });
    const again = await flagged(editor.document.uri, 'the edited code to be flagged again');
    assert.ok(again.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('the review queue lists unreviewed regions in tier order and next/previous reveal them', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged');
    const entries = await vscode.commands.executeCommand<{ path: string; tier: string; range: vscode.Range }[]>('loadbearing.showReviewQueue');
    const mine = entries?.find((e) => e.path === SESSION);
    assert.ok(mine, 'the queue lists the session file');
    assert.equal(mine.tier, 'critical');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('loadbearing.nextRegion');
    await waitFor(() => vscode.window.activeTextEditor?.selection.active.line === at, 'the cursor to move to the region');
  });

  it('hover on a region says source, tier and offers the review link', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await flagged(editor.document.uri, 'the paste to be flagged');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(at + 1, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /AI-written: paste/);
    assert.match(text, /Tier \*\*critical\*\*/);
    assert.match(text, /\.loadbearing:3/);
    assert.match(text, /command:loadbearing\.reviewRegion/);
  });

  it('offers the quick fix "Mark as reviewed"', async () => {
    const editor = await openEditor(SESSION);
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    const [diagnostic] = await flagged(editor.document.uri, 'the paste to be flagged');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Mark as reviewed');
    assert.ok(fix?.command, 'the quick fix is offered');
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 0, 'the quick fix to clear the diagnostic');
  });
});
