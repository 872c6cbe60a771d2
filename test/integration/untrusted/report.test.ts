// Loadbearing: Show Report in Restricted Mode: the panel opens read-only from the working tree; no git runs, so the
// history is reported as not read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../helpers';

describe('Restricted Mode report', () => {
  it('shows the working tree only and says so', async function () {
    this.timeout(60_000);
    assert.equal(vscode.workspace.isTrusted, false);
    await activateExtension();
    const data = await vscode.commands.executeCommand<{ range: { historyRead: boolean; commits: number } } | undefined>('loadbearing.showReport');
    assert.ok(data, 'the command returned the report');
    assert.deepEqual({ historyRead: data.range.historyRead, commits: data.range.commits }, { historyRead: false, commits: 0 });
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Loadbearing Report'), 'the report tab');
  });
});
