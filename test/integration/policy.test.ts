// The `.loadbearing` language in real VS Code: diagnostics, tier completion, hover counts, tiers following an edited
// policy without a reload, and drafting a policy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, fileUri, openEditor, readWorkspaceFile, restore, saved, waitFor } from './helpers';

const POLICY = '.loadbearing';
const BUTTON = 'src/ui/button.ts';

function policyDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'loadbearing' && (code === undefined || (typeof d.code === 'object' ? d.code.value : d.code) === code));
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function appendLine(editor: vscode.TextEditor, text: string): Promise<number> {
  const line = editor.document.lineCount - 1;
  const ok = await editor.edit((b) => b.insert(new vscode.Position(line, editor.document.lineAt(line).text.length), text));
  assert.ok(ok, 'the edit applied');
  return line;
}

describe('policy file (.loadbearing)', () => {
  let originalPolicy = '';
  let originalButton = '';
  before(async () => {
    await activateExtension();
    originalPolicy = readWorkspaceFile(POLICY);
    originalButton = readWorkspaceFile(BUTTON);
  });
  afterEach(async () => {
    if (!fs.existsSync(fileUri(POLICY).fsPath) && fs.existsSync(`${fileUri(POLICY).fsPath}.moved`)) {
      fs.renameSync(`${fileUri(POLICY).fsPath}.moved`, fileUri(POLICY).fsPath);
    }
    await restore(POLICY, originalPolicy);
    await restore(BUTTON, originalButton);
  });

  it('a bad line in the open policy gets a diagnostic, and it goes when the line is fixed', async () => {
    const editor = await openEditor(POLICY);
    const line = await appendLine(editor, '/src/util/  crtical\n/nowhere/  high\n');
    const [unknown] = await waitFor(() => {
      const d = policyDiagnostics(editor.document.uri, 'unknown-tier');
      return d.length > 0 ? d : undefined;
    }, 'the unknown-tier diagnostic');
    assert.equal(unknown.range.start.line, line);
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /did you mean 'critical'/);
    const [nothing] = await waitFor(() => {
      const d = policyDiagnostics(editor.document.uri, 'matches-nothing');
      return d.length > 0 ? d : undefined;
    }, 'the matches-nothing diagnostic');
    assert.equal(nothing.range.start.line, line + 1);
    assert.equal(nothing.severity, vscode.DiagnosticSeverity.Warning);
    await restore(POLICY, originalPolicy);
    await waitFor(() => policyDiagnostics(editor.document.uri).length === 0, 'the demo policy to be clean again');
  });

  it('completion offers the tiers in the tier column', async () => {
    const editor = await openEditor(POLICY);
    const line = await appendLine(editor, '/src/util/ ');
    const position = new vscode.Position(line, '/src/util/ '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position, ' ');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const tier of ['critical', 'high', 'watch', 'ignore']) assert.ok(labels.includes(tier), `${tier} is offered: ${labels.join(', ')}`);
    const critical = list.items.find((i) => i.label === 'critical');
    const doc = critical?.documentation;
    assert.match(typeof doc === 'string' ? doc : (doc?.value ?? ''), /one by one/);
  });

  it('hover on a policy line shows how many files it matches', async () => {
    const editor = await openEditor(POLICY);
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('/src/auth/**'));
    const text = await hoverText(editor.document.uri, new vscode.Position(line, 3));
    const authFiles = fs.readdirSync(fileUri('src/auth').fsPath, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    assert.match(text, /→ \*\*critical\*\*/);
    assert.match(text, new RegExp(`Matches \\*\\*${authFiles} files?\\*\\*`));
    assert.match(text, /`src\/auth\/session\.ts`/);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    assert.deepEqual(symbols.map((s) => s.name).slice(0, 2), ['/src/auth/** → critical', '/src/payments/ → critical']);
  });

  it('changing a tier in the policy changes the tier of an already-open file, without a reload', async () => {
    const button = await openEditor(BUTTON);
    button.selection = new vscode.Selection(0, 0, 0, button.document.lineAt(0).text.length);
    const marked = await vscode.commands.executeCommand<number>('loadbearing.markSelection');
    assert.ok(marked > 0, 'the selection was marked');
    const inRegion = new vscode.Position(0, 5);
    const aiDiagnostic = () => policyDiagnostics(button.document.uri, 'ai-edit-unreviewed')[0];
    try {
      await waitFor(async () => /Tier \*\*watch\*\*/.test(await hoverText(button.document.uri, inRegion)), 'the hover to say watch');
      assert.equal((await waitFor(aiDiagnostic, 'the region diagnostic')).severity, vscode.DiagnosticSeverity.Information);

      const policy = await openEditor(POLICY);
      const line = policy.document.getText().split('\n').findIndex((l) => l.startsWith('/src/ui/'));
      const range = policy.document.lineAt(line).range;
      assert.ok(await policy.edit((b) => b.replace(range, '/src/ui/               critical')));
      await saved(policy.document);

      const text = await waitFor(async () => {
        const t = await hoverText(button.document.uri, inRegion);
        return /Tier \*\*critical\*\*/.test(t) ? t : undefined;
      }, 'the hover to say critical');
      assert.match(text, new RegExp(`\\.loadbearing:${line + 1}`));
      await waitFor(() => aiDiagnostic()?.severity === vscode.DiagnosticSeverity.Error, 'the region diagnostic to become an error');
    } finally {
      await openEditor(BUTTON);
      vscode.window.activeTextEditor!.selection = new vscode.Selection(inRegion, inRegion);
      await vscode.commands.executeCommand('loadbearing.unmarkRegion');
    }
  });

  it('Create Policy opens an existing policy instead of drafting over it', async () => {
    const result = await vscode.commands.executeCommand<{ uri: string; created: boolean }>('loadbearing.createPolicy');
    assert.equal(result?.created, false);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), fileUri(POLICY).toString());
    assert.equal(readWorkspaceFile(POLICY), originalPolicy);
  });

  it('Create Policy drafts an unsaved policy from the repository, with evidence, that saving writes', async () => {
    fs.renameSync(fileUri(POLICY).fsPath, `${fileUri(POLICY).fsPath}.moved`);
    const result = await vscode.commands.executeCommand<{ uri: string; created: boolean }>('loadbearing.createPolicy');
    assert.equal(result?.created, true);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.toString() === result.uri, 'the draft is the active editor');
    try {
      assert.equal(doc.uri.scheme, 'untitled');
      assert.equal(doc.uri.path, fileUri(POLICY).path, 'saving writes <root>/.loadbearing');
      assert.equal(doc.languageId, 'loadbearing');
      assert.ok(doc.isDirty);
      const text = doc.getText();
      assert.match(text, /^\/src\/auth\/\s+critical\s+# folder name 'auth'/m);
      assert.match(text, /^\/src\/payments\/\s+critical\s+# folder name 'payments'/m);
      assert.match(text, /^\/infra\/\s+high\s+# folder name 'infra'/m);
      assert.match(text, /^\*\.tf\s+high\s+# Terraform/m);
      assert.equal(fs.existsSync(fileUri(POLICY).fsPath), false, 'nothing is written before the user saves');
      // The server analyses the draft like any policy: every line matches files, none is shadowed.
      const line = text.split('\n').findIndex((l) => l.startsWith('/src/auth/'));
      assert.match(await hoverText(doc.uri, new vscode.Position(line, 2)), /Matches \*\*\d+ files?\*\*/);
      assert.deepEqual(policyDiagnostics(doc.uri), []);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
