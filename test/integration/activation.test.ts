// The extension activates in a workspace with a .loadbearing file, and its language server answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ServerInfo } from '../../core/protocol';
import { waitFor } from './helpers';

const EXTENSION_ID = 'loadbearing.loadbearing';

describe('activation', () => {
  it('activates because the workspace contains a .loadbearing file', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await waitFor(() => extension.isActive, 'extension to activate by itself');
  });

  it('starts the language server, which answers a request', async () => {
    const info = await vscode.commands.executeCommand<ServerInfo>('loadbearing.showServerStatus');
    assert.equal(info.name, 'loadbearing');
    assert.ok(info.pid > 0 && info.pid !== process.pid, 'server runs in its own process');
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('loadbearing.showServerStatus'));
  });
});
