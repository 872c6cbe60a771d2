// The packaged .vsix, once installed, activates from the extensions folder and its bundled server answers.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerInfo } from '../../../core/protocol';
import { waitFor } from '../helpers';

describe('installed .vsix', () => {
  it('is the installed copy, not a development checkout', () => {
    const extension = vscode.extensions.getExtension('loadbearing.loadbearing');
    assert.ok(extension, 'loadbearing.loadbearing is not installed');
    const expectedDir = process.env.LOADBEARING_EXPECT_EXTENSIONS_DIR;
    assert.ok(expectedDir, 'the test bed did not say where it installed the extension');
    assert.equal(path.dirname(extension.extensionPath), expectedDir);
  });

  it('activates by itself in a workspace with a .loadbearing file', async () => {
    const extension = vscode.extensions.getExtension('loadbearing.loadbearing')!;
    await waitFor(() => extension.isActive, 'the installed extension to activate');
  });

  it('starts its bundled language server, which answers with the packaged version', async () => {
    const extension = vscode.extensions.getExtension('loadbearing.loadbearing')!;
    const info = await vscode.commands.executeCommand<ServerInfo>('loadbearing.showServerStatus');
    assert.equal(info.version, extension.packageJSON.version);
    assert.ok(info.pid > 0 && info.pid !== process.pid);
  });
});
