// In an untrusted workspace (Restricted Mode) nothing is installed and nothing from the repository runs, but AI
// edits are still tracked and highlighted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, AI_SNIPPET, cursorAtEnd, flagged, openEditor, paste, workspaceRoot } from '../helpers';

describe('Restricted Mode', () => {
  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the test bed opened this workspace untrusted');
    await activateExtension();
  });

  it('still flags AI code pasted into a critical file', async () => {
    const editor = await openEditor('src/auth/session.ts');
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    const [diagnostic] = await flagged(editor.document.uri, 'the paste to be flagged');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });

  it('installs no git hook, automatically or on command', async () => {
    const hooks = path.join(workspaceRoot(), '.git', 'hooks');
    const ours = () => fs.readdirSync(hooks).filter((f) => /^(pre|post)-commit$/.test(f));
    // The flagging above proves the extension is fully up; auto-install would have run by now.
    assert.deepEqual(ours(), []);
    const result = await vscode.commands.executeCommand('loadbearing.installCommitGate');
    assert.equal(result, undefined, 'the command refused');
    assert.deepEqual(ours(), []);
  });

  it('installs no agent hook on command', async () => {
    const result = await vscode.commands.executeCommand<string[] | undefined>('loadbearing.installAgentHooks', ['claude', 'codex', 'cursor', 'copilot']);
    assert.ok(result === undefined || result.length === 0, 'the command refused');
    for (const folder of ['.claude', '.codex', '.cursor', '.github']) assert.equal(fs.existsSync(path.join(workspaceRoot(), folder)), false, folder);
  });
});
