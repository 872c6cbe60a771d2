// The commit gate as the Source Control view uses it: a commit through the git extension's API is refused while AI
// code in a critical file is unreviewed, and goes through once it is reviewed; the commit then carries a note.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, AI_SNIPPET, cursorAtEnd, fileUri, flagged, loadbearingDiagnostics, paste, saved, waitFor, workspaceRoot } from './helpers';

/** The part of the git extension's API (vscode.git, version 1) that the Source Control view's commit uses. */
interface GitRepository {
  rootUri: vscode.Uri;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
}
interface GitApi {
  repositories: GitRepository[];
}

const NEW_FILE = 'src/auth/tokens.ts';

describe('commit gate', () => {
  let repo: GitRepository;
  before(async function () {
    this.timeout(60_000);
    await activateExtension();
    const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    assert.ok(git, 'the git extension is present');
    const api = (await git.activate()).getAPI(1);
    repo = await waitFor(() => api.repositories.find((r) => r.rootUri.fsPath === workspaceRoot()), 'the git extension to open the repository');
  });

  it('is installed automatically in a trusted workspace with a .loadbearing file', async () => {
    const hook = path.join(workspaceRoot(), '.git', 'hooks', 'pre-commit');
    await waitFor(() => fs.existsSync(hook), 'the pre-commit hook');
    assert.match(fs.readFileSync(hook, 'utf8'), /check'? '?--staged/);
  });

  it('refuses a commit of unreviewed AI code in a critical file, then lets it through after review', async () => {
    fs.writeFileSync(fileUri(NEW_FILE).fsPath, '// token helpers\n');
    const doc = await vscode.workspace.openTextDocument(fileUri(NEW_FILE));
    const editor = await vscode.window.showTextDocument(doc);
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await waitFor(() => loadbearingDiagnostics(doc.uri).length === 1, 'the paste to be flagged');
    await saved(doc);
    await repo.add([doc.uri.fsPath]);

    await assert.rejects(repo.commit('Add admin check'), (error: { stderr?: string; message?: string }) => {
      const output = `${error.stderr ?? ''}${error.message ?? ''}`;
      assert.match(output, /src\/auth\/tokens\.ts:2-5\s+critical\s+paste/);
      return true;
    });
    assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: workspaceRoot() }).toString().trim(), 'Initial commit');

    editor.selection = new vscode.Selection(at + 1, 2, at + 1, 2);
    await vscode.commands.executeCommand('loadbearing.reviewRegion');
    await waitFor(() => loadbearingDiagnostics(doc.uri).length === 0, 'the review to clear the diagnostic');
    await repo.commit('Add admin check');
    assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: workspaceRoot() }).toString().trim(), 'Add admin check');
    const note = JSON.parse(execFileSync('git', ['notes', '--ref', 'loadbearing', 'show', 'HEAD'], { cwd: workspaceRoot() }).toString());
    const file = note.files.find((f: { path: string }) => f.path === NEW_FILE);
    assert.ok(file, 'the note names the file');
    assert.equal(file.regions[0].ack.reviewer.email, 'reviewer@example.com');
  });

  it('reports AI code that reached a commit with --no-verify', async () => {
    const rel = 'src/auth/bypass.ts';
    fs.writeFileSync(fileUri(rel).fsPath, '// bypass\n');
    const doc = await vscode.workspace.openTextDocument(fileUri(rel));
    const editor = await vscode.window.showTextDocument(doc);
    cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    await flagged(doc.uri, 'the paste to be flagged');
    await saved(doc);
    execFileSync('git', ['add', rel], { cwd: workspaceRoot() });
    execFileSync('git', ['commit', '--no-verify', '-m', 'Bypass the gate'], { cwd: workspaceRoot() });
    const found = await vscode.commands.executeCommand<{ subject: string; problems: { path: string; tier: string }[] }[]>('loadbearing.showUnreviewedCommits');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const bypass = found?.find((c) => c.subject === 'Bypass the gate');
    assert.ok(bypass, 'the bypassing commit is reported');
    assert.deepEqual(bypass.problems.map((p) => [p.path, p.tier]), [[rel, 'critical']]);
  });
});
