// Loadbearing: Mark Selection as AI-Written — for text the extension could not see arrive (source `manual`).
import * as vscode from 'vscode';
import { MarkRequest } from '../../core/protocol';
import { CommandContext } from './context';

export async function markSelection(ctx: CommandContext): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  const ranges = editor?.selections.filter((s) => !s.isEmpty) ?? [];
  if (!editor || ranges.length === 0) {
    void vscode.window.showInformationMessage('Loadbearing: select the AI-written text first.');
    return 0;
  }
  const scheme = editor.document.uri.scheme;
  if (scheme !== 'file' && scheme !== 'untitled') {
    // The language server only sees files and untitled documents (languageClient.ts), e.g. not notebook cells.
    const what = scheme === 'vscode-notebook-cell' ? 'notebook cells' : `${scheme} documents`;
    void vscode.window.showInformationMessage(`Loadbearing: AI edits are tracked in files and untitled documents, not in ${what}.`);
    return 0;
  }
  return ctx.client.sendRequest(MarkRequest.type, {
    uri: editor.document.uri.toString(),
    // Plain positions: messages are structured-cloned (languageClient.ts), which does not call Position.toJSON.
    ranges: ranges.map((r) => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } })),
    source: 'manual',
  });
}
