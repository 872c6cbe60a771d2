// Odd documents: paths with spaces and unicode, CRLF files, untitled documents, files outside any repository, a
// symlinked path and a large paste. Correct ranges, and nothing in the extension's log but information.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, AI_SNIPPET, cursorAtEnd, fileUri, flagged, loadbearingDiagnostics, paste } from './helpers';

async function openFile(file: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)), { preview: false });
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('odd documents', () => {
  before(activateExtension);

  it('a path with spaces and unicode in a critical folder is flagged', async () => {
    const file = fileUri('src/auth/my session ü 😀.ts').fsPath;
    fs.writeFileSync(file, '// odd name\n');
    const editor = await openFile(file);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    const [d] = await flagged(editor.document.uri, 'the paste to be flagged');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, at);
    await closeAll();
    fs.rmSync(file);
  });

  it('a CRLF file gets the right lines', async () => {
    const file = fileUri('src/auth/crlf.ts').fsPath;
    fs.writeFileSync(file, 'const a = 1;\r\nconst b = 2;\r\n');
    const editor = await openFile(file);
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    const [d] = await flagged(editor.document.uri, 'the paste to be flagged');
    assert.deepEqual([d.range.start.line, d.range.end.line], [at, at + 4]);
    await closeAll();
    fs.rmSync(file);
  });

  it('a symlinked path takes the tier of the path it is opened by', async () => {
    const target = fileUri('src/util/target.ts').fsPath;
    const link = fileUri('src/auth/linked.ts').fsPath;
    fs.writeFileSync(target, '// target\n');
    fs.symlinkSync(target, link);
    const editor = await openFile(link);
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    const [d] = await flagged(editor.document.uri, 'the paste to be flagged');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error, 'critical: src/auth/, where it was opened');
    await closeAll();
    fs.rmSync(link);
    fs.rmSync(target);
  });

  it('untitled documents and files outside any repository are tracked without errors or flags', async () => {
    const untitled = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content: '' }));
    await paste(untitled, AI_SNIPPET);
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-outside-')), 'loose.ts');
    fs.writeFileSync(outside, '// outside\n');
    const editor = await openFile(outside);
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await vscode.commands.executeCommand('loadbearing.showServerStatus');
    assert.deepEqual(loadbearingDiagnostics(untitled.document.uri), [], 'no tier without a repository');
    assert.deepEqual(loadbearingDiagnostics(editor.document.uri), []);
    await closeAll();
    await vscode.window.showTextDocument(untitled.document);
    await closeAll();
  });

  it('a 2 MB paste into a critical file is flagged as one region', async () => {
    const file = fileUri('src/auth/generated.ts').fsPath;
    fs.writeFileSync(file, '// generated\n');
    const editor = await openFile(file);
    const at = cursorAtEnd(editor);
    const big = Array.from({ length: 40_000 }, (_, i) => `export const value${i} = "${'x'.repeat(30)}";`).join('\n') + '\n';
    await paste(editor, big);
    const diagnostics = await flagged(editor.document.uri, 'the large paste to be flagged');
    assert.equal(diagnostics.length, 1);
    assert.deepEqual([diagnostics[0].range.start.line, diagnostics[0].range.end.line], [at, at + 40_000]);
    await closeAll();
    fs.rmSync(file);
  });

  it('left nothing but information in the extension log', function () {
    const log = process.env.LOADBEARING_LOG_FILE;
    // The code-server test bed always sets it; @vscode/test-electron runs do not.
    if (!log) this.skip();
    const errors = fs.readFileSync(log, 'utf8').split('\n').filter((l) => / (client|server) error /.test(l));
    assert.deepEqual(errors, []);
  });
});
