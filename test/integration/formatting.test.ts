// Formatting AI code in real VS Code with its own formatters (TypeScript, JSON): one region stays one, no other line is
// flagged, a review survives formatting and format on save, and a significant (Python) re-indent voids the review.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  activateExtension,
  cursorAtEnd,
  fileUri,
  flagged,
  ledgerJson,
  loadbearingDiagnostics,
  openEditor,
  paste,
  queuedIn,
  readWorkspaceFile,
  restore,
  waitFor,
} from './helpers';

const SESSION = 'src/auth/session.ts';
const ROLES = 'src/auth/roles.json';
const PERMS = 'src/auth/perms.py';
const LIMITS = 'src/auth/limits.json';

/** Six lines an assistant might hand over, valid TypeScript that VS Code's formatter rewrites on every line. */
const UGLY_TS = [
  'export function canRefund(user:{role:string},amount:number):boolean{',
  "if(user.role==='admin'){return true}",
  '      const limit=amount<100?50:10;',
  '  if(amount<=0){return false}',
  "    return amount<=limit&&user.role!=='guest'",
  '}',
  '',
].join('\n');

/** Lines covered by the file's Loadbearing diagnostics (a range ending at column 0 does not cover that line). */
function flaggedLines(uri: vscode.Uri): number[] {
  const lines = new Set<number>();
  for (const d of loadbearingDiagnostics(uri)) {
    const last = d.range.end.character === 0 && d.range.end.line > d.range.start.line ? d.range.end.line - 1 : d.range.end.line;
    for (let l = d.range.start.line; l <= last; l++) lines.add(l);
  }
  return [...lines].sort((a, b) => a - b);
}

/** The lines of the file's unreviewed regions as the server holds them now, as [first, last]. */
async function queuedLines(rel: string): Promise<number[][]> {
  return (await queuedIn(rel)).map(({ range: { start, end } }) => [start.line, end.character === 0 && end.line > start.line ? end.line - 1 : end.line]);
}

/** Waits until the server holds exactly these unreviewed regions (as [first, last] lines) for the file. */
async function expectQueued(rel: string, expected: number[][]): Promise<void> {
  let seen: number[][] = [];
  await waitFor(async () => JSON.stringify((seen = await queuedLines(rel))) === JSON.stringify(expected), `${rel} to hold ${JSON.stringify(expected)}`, 10_000).catch(() => {
    assert.deepEqual(seen, expected, `unreviewed regions of ${rel}, as [first, last] lines`);
  });
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Waits until VS Code's formatter for the document offers edits: the TypeScript and JSON servers start lazily. */
async function formatterReady(editor: vscode.TextEditor): Promise<void> {
  await waitFor(async () => {
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', editor.document.uri, { tabSize: 2, insertSpaces: true });
    return (edits?.length ?? 0) > 0;
  }, 'the formatter to offer edits', 60_000);
}

/** Formats the document as a user does (Shift+Alt+F), once the formatter is ready. */
async function formatDocument(editor: vscode.TextEditor): Promise<void> {
  await formatterReady(editor);
  const before = editor.document.getText();
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('editor.action.formatDocument');
  await waitFor(() => editor.document.getText() !== before, 'the document to be formatted');
}

async function reviewAt(editor: vscode.TextEditor, line: number): Promise<void> {
  editor.selection = new vscode.Selection(line, 2, line, 2);
  const result = await vscode.commands.executeCommand<{ reviewed: number }>('loadbearing.reviewRegion');
  assert.equal(result?.reviewed, 1);
  await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 0, 'the review to clear the diagnostic');
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('formatting AI code', function () {
  this.timeout(180_000);
  let original = '';
  before(async () => {
    await activateExtension();
    original = readWorkspaceFile(SESSION);
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('editor').update('formatOnSave', undefined, vscode.ConfigurationTarget.Global);
    await restore(SESSION, original);
    await waitFor(() => loadbearingDiagnostics(fileUri(SESSION)).length === 0, 'diagnostics to clear');
  });

  it('Format Document (TypeScript) over a 6-line paste: still one region, on exactly its lines', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, UGLY_TS);
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged once');
    assert.deepEqual(flaggedLines(editor.document.uri), range(at, at + 5));

    await formatDocument(editor);
    const text = editor.document.getText();
    assert.match(text, /if \(user\.role === 'admin'\) \{ return true \}/, 'VS Code formatted the pasted code');
    // The diagnostics on screen may still be the ones from before the format: ask the server for its state first.
    await expectQueued(SESSION, [[at, at + 5]]);
    await waitFor(() => flaggedLines(editor.document.uri).join() === range(at, at + 5).join(), 'the same lines to be flagged');
    assert.equal(loadbearingDiagnostics(editor.document.uri).length, 1, 'one region, one diagnostic');
  });

  it('a reviewed region stays reviewed after Format Document, in the hover and in the ledger', async () => {
    const editor = await openEditor(SESSION);
    const at = cursorAtEnd(editor);
    await paste(editor, UGLY_TS);
    await flagged(editor.document.uri, 'the paste to be flagged');
    await reviewAt(editor, at + 1);
    const ack = ledgerJson().acks.at(-1) as { textHash: string } | undefined;
    assert.match(ack?.textHash ?? '', /^w1c:/, 'the review hashes the text without insignificant whitespace');

    await formatDocument(editor);
    await waitFor(async () => /Reviewed by Demo Reviewer/.test(await hoverText(editor.document.uri, new vscode.Position(at + 2, 6))), 'the hover to say reviewed');
    await expectQueued(SESSION, []);
    assert.deepEqual(loadbearingDiagnostics(editor.document.uri), [], 'nothing flagged after formatting');
  });

  describe('in files created for the test', () => {
    const created: string[] = [];
    async function create(rel: string, text: string): Promise<vscode.TextEditor> {
      fs.writeFileSync(fileUri(rel).fsPath, text);
      created.push(rel);
      return openEditor(rel);
    }
    after(async () => {
      for (const rel of created) {
        // Remove the AI text first, so no region of a deleted file is left behind, then the file.
        await restore(rel, '');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        fs.rmSync(fileUri(rel).fsPath, { force: true });
      }
    });

    it('Format Document (JSON) spreading a paste over many lines flags exactly the AI lines', async () => {
      const editor = await create(ROLES, '{\n  "owner": "security",\n  "roles": null\n}\n');
      const nullAt = editor.document.getText().indexOf('null');
      editor.selection = new vscode.Selection(editor.document.positionAt(nullAt), editor.document.positionAt(nullAt + 4));
      await paste(editor, '{"admin":{"can":["refund","delete"],"mfa":true},\n"guest":{"can":[],"mfa":false},\n"ops":{"can":["deploy"],"mfa":true}}');
      await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged once');

      await formatDocument(editor);
      const lines = editor.document.getText().split('\n');
      assert.ok(lines.length > 12, 'the formatter spread the roles over many lines');
      const rolesLine = lines.findIndex((l) => l.includes('"roles": {'));
      const closing = lines.lastIndexOf('}');
      await expectQueued(ROLES, [[rolesLine, closing - 1]]);
      await waitFor(() => flaggedLines(editor.document.uri).join() === range(rolesLine, closing - 1).join(), 'the AI lines, and only they, to be flagged');
      assert.equal(loadbearingDiagnostics(editor.document.uri).length, 1);
    });

    // Format on save with the JSON formatter: the TypeScript server, which formats TypeScript on save, sometimes never
    // answered a save in this test bed's code-server, and a save that waits on it blocks the saves of later tests.
    it('format on save: the saved file is formatted, its one region stays reviewed', async () => {
      const editor = await create(LIMITS, '{\n  "owner": "security",\n  "limits": null\n}\n');
      const nullAt = editor.document.getText().indexOf('null');
      const line = editor.document.positionAt(nullAt).line;
      editor.selection = new vscode.Selection(editor.document.positionAt(nullAt), editor.document.positionAt(nullAt + 4));
      await paste(editor, '{"refund":{"max":100,"mfa":true},\n"delete":{"max":0,"mfa":true},\n"export":{"max":10,"mfa":false}}');
      await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged once');
      await reviewAt(editor, line + 1);
      await formatterReady(editor);
      const json = vscode.workspace.getConfiguration('editor', { languageId: 'json' });
      await json.update('formatOnSave', true, vscode.ConfigurationTarget.Global, true);
      try {
        await waitFor(() => vscode.workspace.getConfiguration('editor', { languageId: 'json' }).get('formatOnSave') === true, 'format on save to be on');
        // The window may still save with the old setting for a moment after the extension host sees the new one: a
        // save that went through unformatted is made again (a space typed at the end, which the formatter removes).
        const formattedOnDisk = () => !editor.document.isDirty && readWorkspaceFile(LIMITS).split('\n').length > 12;
        for (let attempt = 1; ; attempt++) {
          await vscode.window.showTextDocument(editor.document);
          await vscode.commands.executeCommand('workbench.action.files.save');
          const done = await waitFor(formattedOnDisk, 'the file to be saved formatted', 20_000).then(() => true, (error: unknown) => {
            if (attempt === 3) throw error;
            return false;
          });
          if (done) break;
          const end = editor.document.positionAt(editor.document.getText().length);
          await editor.edit((b) => b.insert(end, ' '));
        }
      } finally {
        await json.update('formatOnSave', undefined, vscode.ConfigurationTarget.Global, true);
      }
      const lines = editor.document.getText().split('\n');
      const first = lines.findIndex((l) => l.includes('"limits": {'));
      assert.ok(first >= 0, `the formatter spread the limits over lines: ${editor.document.getText()}`);
      await expectQueued(LIMITS, []);
      await waitFor(async () => /Reviewed by Demo Reviewer/.test(await hoverText(editor.document.uri, new vscode.Position(first + 2, 6))), 'the hover to say reviewed');
      assert.deepEqual(loadbearingDiagnostics(editor.document.uri), [], 'nothing flagged after the formatted save');
      const regions = await waitFor(() => {
        const entry = (ledgerJson().files as Record<string, { regions: unknown[]; snapshot: string }>)[LIMITS];
        return entry && entry.snapshot === editor.document.getText() ? entry.regions : undefined;
      }, 'the ledger to hold the saved text');
      assert.equal(regions.length, 1, 'the ledger holds one region');
    });

    it('Python: a trailing space keeps the review, an outdent that changes the logic voids it', async () => {
      const editor = await create(PERMS, 'import os\n');
      const at = cursorAtEnd(editor);
      await paste(editor, 'def check(user):\n    if user.admin:\n        allow(user)\n        audit(user)\n');
      await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 1, 'the paste to be flagged once');
      await reviewAt(editor, at + 1);

      const end = editor.document.lineAt(at + 2).range.end;
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('type', { text: '  ' });
      await waitFor(() => editor.document.lineAt(at + 2).text.endsWith('  '), 'the spaces to land');
      await waitFor(async () => /Reviewed by/.test(await hoverText(editor.document.uri, new vscode.Position(at + 1, 6))), 'the hover after trailing spaces');
      await expectQueued(PERMS, []);
      assert.deepEqual(loadbearingDiagnostics(editor.document.uri), [], 'trailing spaces are not significant');

      // Moves audit(user) out of the `if`: only whitespace changed, but what the code does changed.
      await vscode.window.showTextDocument(editor.document);
      editor.selection = new vscode.Selection(at + 3, 0, at + 3, 0);
      await vscode.commands.executeCommand('editor.action.outdentLines');
      await waitFor(() => editor.document.lineAt(at + 3).text === '    audit(user)', 'the outdent');
      await expectQueued(PERMS, [[at, at + 3]]);
      await waitFor(() => flaggedLines(editor.document.uri).join() === range(at, at + 3).join(), 'the whole region to be flagged again');
      assert.equal(loadbearingDiagnostics(editor.document.uri).length, 1, 'still one region');
      assert.match(await hoverText(editor.document.uri, new vscode.Position(at + 1, 6)), /Mark AI Edit as Reviewed/);
    });
  });
});
