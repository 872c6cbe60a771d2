// Helpers for tests inside the extension host: open demo files, act like a user, wait for a condition (never a fixed time).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Saves as the user does. A save that VS Code refuses at first (seen only in full-suite runs on a loaded machine, never
 * alone) is tried again until it goes through; one that never does still fails the test.
 */
export async function saved(document: { save(): Thenable<boolean>; readonly isDirty: boolean; readonly uri: vscode.Uri }): Promise<void> {
  if (await document.save()) return;
  await waitFor(async () => (await document.save()) && !document.isDirty, `VS Code to save ${document.uri.toString()}`);
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder');
  return folder.uri.fsPath;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), rel));
}

export async function openEditor(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension('loadbearing.loadbearing');
  if (!extension) throw new Error('loadbearing.loadbearing is not installed');
  await extension.activate();
  // The server has answered once the status command does: from then on it tracks documents.
  await vscode.commands.executeCommand('loadbearing.showServerStatus');
}

/** Pastes `text` at the cursor the way a user's Ctrl+V does, and waits for it to land. */
export async function paste(editor: vscode.TextEditor, text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  const before = editor.document.version;
  await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
  await waitFor(() => editor.document.version > before && editor.document.getText().includes(text.trim().split('\n')[0]), 'the paste to land');
}

export function loadbearingDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'loadbearing' && codeOf(d) === 'ai-edit-unreviewed');
}

/** Waits until the document has Loadbearing's diagnostics, and returns them. */
export function flagged(uri: vscode.Uri, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = loadbearingDiagnostics(uri);
    return d.length > 0 ? d : undefined;
  }, what);
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** Puts the file's original text back, in its editor and on disk. */
export async function restore(rel: string, original: string): Promise<void> {
  const uri = fileUri(rel);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc) {
    fs.writeFileSync(uri.fsPath, original);
    return;
  }
  const editor = await vscode.window.showTextDocument(doc);
  if (doc.getText() !== original) {
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original));
  }
  if (doc.isDirty) await doc.save();
  await waitFor(() => !doc.isDirty && doc.getText() === original, `${rel} to be restored`);
}

/**
 * The server's unreviewed regions in a file, as the review queue command answers: the server replies after handling
 * every change sent before the request, so this sees an attribution the diagnostics on screen may not show yet.
 */
export async function queuedIn(rel: string): Promise<{ path: string; source: string; range: vscode.Range }[]> {
  const entries = (await vscode.commands.executeCommand<{ path: string; source: string; range: vscode.Range }[]>('loadbearing.showReviewQueue')) ?? [];
  return entries.filter((e) => e.path === rel);
}

/** Puts the cursor at the end of the document (on its last, empty line) and returns that line. */
export function cursorAtEnd(editor: vscode.TextEditor): number {
  const last = editor.document.lineAt(editor.document.lineCount - 1);
  editor.selection = new vscode.Selection(last.range.end, last.range.end);
  return last.lineNumber;
}

export function ledgerJson(): { acks: { origin: string; reviewer: { name: string; email: string } }[]; files: Record<string, unknown> } {
  const file = path.join(workspaceRoot(), '.git', 'loadbearing', 'ledger.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function readWorkspaceFile(rel: string): string {
  return fs.readFileSync(fileUri(rel).fsPath, 'utf8');
}

export const AI_SNIPPET = [
  'export function isAdmin(token: string): boolean {',
  "  const [, payload] = token.split('.');",
  "  return JSON.parse(atob(payload)).role === 'admin';",
  '}',
  '',
].join('\n');
