// A paste as the first action after Loadbearing activates, before its language server has answered, is flagged like
// any other paste (issue: edits made while the client or server was starting were lost).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cursorAtEnd, flagged, openEditor, paste } from '../helpers';

/** The extension's exports (client/extension.ts `LoadbearingApi`). */
interface LoadbearingApi {
  serverReady: Promise<void>;
}

const PASTED = ['export function isAdmin(role: string): boolean {', "  return role === 'admin' || role === 'owner';", '}', ''].join('\n');

describe('startup', function () {
  // Opening a window, activating and starting a server: minutes on a loaded 2-core machine (conditions are waited for).
  this.timeout(240_000);

  it('an external paste made while the language server is still starting is flagged like any other', async () => {
    const extension = vscode.extensions.getExtension<LoadbearingApi>('loadbearing.loadbearing');
    assert.ok(extension, 'loadbearing.loadbearing is not installed');
    assert.equal(extension.isActive, false, 'this workspace must not activate Loadbearing by itself (no .loadbearing file)');
    const editor = await openEditor('src/auth/session.ts');
    const firstLine = cursorAtEnd(editor);
    await vscode.env.clipboard.writeText(PASTED);

    const api = await extension.activate();
    let ready = false;
    void api.serverReady.then(() => (ready = true));
    await paste(editor, PASTED);
    assert.equal(ready, false, 'the paste landed before the language server answered (otherwise this test proves nothing)');

    await api.serverReady;
    const diagnostics = await flagged(editor.document.uri, 'the paste made during startup to be flagged');
    assert.equal(diagnostics.length, 1, 'one region for one paste');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error, 'critical, from the policy setting');
    assert.deepEqual([diagnostics[0].range.start.line, diagnostics[0].range.end.line], [firstLine, firstLine + 3], 'the three pasted lines, ending after the last line break');
  });
});
