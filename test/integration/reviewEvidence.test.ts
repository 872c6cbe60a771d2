// Review evidence in VS Code: critical AI code that was never on screen asks for a reason before it can be marked as
// reviewed; code scrolled through for long enough is accepted as it is, and what was seen is in the ledger and, after
// the commit, in the git note.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, flagged, ledgerJson, loadbearingDiagnostics, openEditor, waitFor, workspaceRoot } from './helpers';

const FILE = 'src/auth/evidence.ts';
const OTHER = 'src/util/format.ts';
/** Long enough that an editor shows only part of it: the reader has to scroll. */
const LINES = 120;
const AI_CODE = Array.from({ length: LINES }, (_, k) => `export const check${k} = (role: string): boolean => role === 'r${k}';`).join('\n') + '\n';
/** Small thresholds so the test is quick: 120 lines need 0.5 + 120 × 0.01 = 1.7 s on screen. */
const THRESHOLDS = { minSeconds: 0.5, minSecondsPerLine: 0.01 };
const NEEDED_MS = (THRESHOLDS.minSeconds + LINES * THRESHOLDS.minSecondsPerLine) * 1000;

interface RegionArg {
  uri: string;
  origin: string;
  range: vscode.Range;
}

/** The region the quick fix names (the argument the hover link and the quick fix pass to the command). */
async function regionOf(uri: vscode.Uri): Promise<RegionArg> {
  const [diagnostic] = await flagged(uri, 'the AI code to be flagged');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const fix = actions.find((a) => a.title === 'Mark as reviewed');
  assert.ok(fix?.command?.arguments?.[0], 'the quick fix names the region');
  return fix.command.arguments[0] as RegionArg;
}

/**
 * Runs the review command like a person who has no reason to give: any prompt it opens is closed (Escape) until the
 * command finishes. Undefined: not reviewed.
 */
async function review(region: RegionArg): Promise<{ reviewed: number } | undefined> {
  let done = false;
  const running = vscode.commands.executeCommand<{ reviewed: number } | undefined>('loadbearing.reviewRegion', region).then((r) => {
    done = true;
    return r;
  });
  await waitFor(async () => done || (await vscode.commands.executeCommand('workbench.action.closeQuickOpen'), false), 'the review command to finish');
  return running;
}

describe('review evidence', function () {
  this.timeout(300_000);
  const config = () => vscode.workspace.getConfiguration('loadbearing');
  let saved: { minSeconds?: number; perLine?: number } = {};

  before(async () => {
    await activateExtension();
    saved = { minSeconds: config().inspect<number>('review.minSeconds')?.globalValue, perLine: config().inspect<number>('review.minSecondsPerLine')?.globalValue };
    await config().update('review.minSeconds', THRESHOLDS.minSeconds, vscode.ConfigurationTarget.Global);
    await config().update('review.minSecondsPerLine', THRESHOLDS.minSecondsPerLine, vscode.ConfigurationTarget.Global);
    fs.writeFileSync(fileUri(FILE).fsPath, '// role checks\n');
  });
  after(async () => {
    await config().update('review.minSeconds', saved.minSeconds, vscode.ConfigurationTarget.Global);
    await config().update('review.minSecondsPerLine', saved.perLine, vscode.ConfigurationTarget.Global);
  });

  it('critical AI code that was never on screen asks for a reason; scrolled through long enough, it is accepted with what was seen', async () => {
    // An edit applied to a document that is open but not shown (as a chat or agent does): it was never on screen.
    await openEditor(OTHER);
    const doc = await vscode.workspace.openTextDocument(fileUri(FILE));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), AI_CODE);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const region = await regionOf(doc.uri);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === doc.uri.toString()), 'the file is not on screen');

    assert.equal(await review(region), undefined, 'never on screen and no reason given: not reviewed');
    assert.equal(ledgerJson().acks.filter((a) => a.origin === region.origin).length, 0);
    assert.equal(loadbearingDiagnostics(doc.uri).length, 1, 'still flagged');

    // Its top on screen for long enough is not enough: the lines below were never seen.
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    await waitFor(() => editor.visibleRanges[0]?.start.line === 0, 'the top of the file on screen');
    assert.ok(editor.visibleRanges[0].end.line < LINES, 'the editor shows only part of the region');
    const topShown = Date.now();
    await waitFor(() => Date.now() - topShown >= NEEDED_MS, 'the time the region needs to pass with its top on screen', NEEDED_MS + 5_000);
    assert.equal(await review(region), undefined, 'lines never on screen: a reason is asked for, none given');
    assert.equal(loadbearingDiagnostics(doc.uri).length, 1, 'still flagged');

    // The reader scrolls through to the end.
    for (let line = 0; line <= LINES; line += 10) {
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
      await waitFor(() => editor.visibleRanges.some((r) => r.start.line <= line && line <= r.end.line), `line ${line} on screen`);
    }
    assert.equal((await review(region))?.reviewed, 1, 'scrolled through for long enough: reviewed without a reason');
    await waitFor(() => loadbearingDiagnostics(doc.uri).length === 0, 'the diagnostic to clear');
    const ack = (ledgerJson().acks as Array<{ origin: string; evidence?: { secondsVisible: number; linesSeen: number; via: string } }>).find((a) => a.origin === region.origin);
    assert.ok(ack?.evidence, 'the acknowledgment keeps its evidence');
    assert.equal(ack.evidence.via, 'editor');
    assert.equal(ack.evidence.linesSeen, LINES);
    assert.ok(ack.evidence.secondsVisible >= NEEDED_MS / 1000, `on screen ${ack.evidence.secondsVisible} s`);

    // After the commit (through the real hook), the note keeps the evidence.
    assert.ok(await doc.save());
    const root = workspaceRoot();
    await waitFor(() => fs.existsSync(path.join(root, '.git', 'hooks', 'post-commit')), 'the commit gate to be installed');
    execFileSync('git', ['add', FILE], { cwd: root });
    execFileSync('git', ['commit', '-q', '-m', 'Role checks', '--', FILE], { cwd: root });
    const note = JSON.parse(execFileSync('git', ['notes', '--ref', 'loadbearing', 'show', 'HEAD'], { cwd: root }).toString());
    const [noted] = note.files.find((f: { path: string }) => f.path === FILE).regions;
    assert.deepEqual(noted.ack.evidence, ack.evidence);
  });
});
