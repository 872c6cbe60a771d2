// More odd documents: a 1,000,000-line file, astral characters around an AI paste, a UTF-16 file, a binary file,
// notebooks and read-only files. What a user sees: diagnostics at the right lines and UTF-16 columns, the ledger on
// disk, the gate, the log.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QueueEntry } from '../../core/protocol';
import {
  activateExtension,
  AI_SNIPPET,
  cursorAtEnd,
  fileUri,
  flagged,
  ledgerJson,
  loadbearingDiagnostics,
  paste,
  saved,
  waitFor,
  workspaceRoot,
} from './helpers';

/** An ordinary critical file: a paste there flagged means every message sent before it has been handled. */
const SENTINEL = 'src/auth/sentinel.ts';

/** A PNG's first bytes, as "lines": the signature (ending \r\n), NUL bytes, bytes that are not UTF-8. */
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, // line 1
  0x1a, 0x0a, // line 2
  0x00, 0x00, 0x00, 0x10, 0x49, 0x48, 0x44, 0x52, 0x0a, // line 3: IHDR chunk length and type
  0xff, 0xfe, 0x00, 0x80, 0xc3, 0x0a, // line 4: not UTF-8
  0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82, // line 5: IEND
]);

/** The bundled CLI, run as a user or a hook would (the extension host's runtime as Node). */
function cli(...args: string[]): { code: number; out: string } {
  const cliPath = path.join(vscode.extensions.getExtension('loadbearing.loadbearing')!.extensionPath, 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: workspaceRoot(),
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function openFile(rel: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(rel)), { preview: false });
}

/** Deletes a file the way the explorer does, so that its regions leave the ledger (a 1M-line snapshot must not linger). */
async function deleteFile(rel: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(fileUri(rel), { ignoreIfNotExists: true });
  assert.ok(await vscode.workspace.applyEdit(edit), `deleting ${rel}`);
  await waitFor(() => !(rel in ledgerJson().files), `${rel} to leave the ledger`);
}

function range(d: vscode.Diagnostic): [number, number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}

/** What Loadbearing flags in every document, as `uri range` strings. */
function allFlags(): Set<string> {
  const flags = new Set<string>();
  for (const [uri] of vscode.languages.getDiagnostics()) {
    for (const d of loadbearingDiagnostics(uri)) flags.add(`${uri.toString()} ${range(d).join(',')}`);
  }
  return flags;
}

/** `2026-11-29 09:32:23.684`: how the output channel's log stamps its lines, in local time. */
function channelStamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * Error and warning lines of the "Loadbearing" output channel since `since`: it also holds what the language client
 * itself reports (a failed request, a crashed server), which the plain log file does not. The channel's file is where
 * VS Code keeps extension logs, in the test bed's sandbox beside the home folder that holds LOADBEARING_LOG_FILE.
 */
function channelProblems(logFile: string, since: Date): string[] {
  const logs = path.join(path.dirname(path.dirname(logFile)), 'user-data', 'logs');
  if (!fs.existsSync(logs)) return [];
  const stamp = channelStamp(since);
  const problems: string[] = [];
  for (const session of fs.readdirSync(logs)) {
    for (const host of fs.readdirSync(path.join(logs, session)).filter((d) => d.startsWith('exthost'))) {
      const file = path.join(logs, session, host, 'loadbearing.loadbearing', 'Loadbearing.log');
      if (!fs.existsSync(file)) continue;
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (line.slice(0, stamp.length) >= stamp && /^\S+ \S+ \[(error|warning)\]/.test(line)) problems.push(line);
      }
    }
  }
  return problems;
}

/**
 * Records lines 2-3 of a new file with the CLI, makes it read-only, opens it: flagged there; "Mark as reviewed" puts the
 * acknowledgment in the ledger (in .git/loadbearing/, not in the file), and the file is left as it was.
 */
async function reviewReadOnly(
  rel: string,
  makeReadOnly: () => void,
  inEditor?: (editor: vscode.TextEditor) => Promise<void>,
): Promise<void> {
  const file = fileUri(rel).fsPath;
  const text = 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const marked = cli('mark', rel, '--lines', '2-3', '--source', 'agent');
  assert.equal(marked.code, 0, marked.out);
  const mode = fs.statSync(file).mode;
  makeReadOnly();
  try {
    const editor = await openFile(rel);
    await inEditor?.(editor);
    const [d] = await flagged(editor.document.uri, 'the recorded region to be flagged');
    assert.deepEqual(range(d), [1, 0, 3, 0]);
    editor.selection = new vscode.Selection(2, 3, 2, 3);
    const result = await vscode.commands.executeCommand<{ reviewed: number }>('loadbearing.reviewRegion');
    assert.equal(result?.reviewed, 1);
    const ledger = ledgerJson() as ReturnType<typeof ledgerJson> & { files: Record<string, { regions: { origin: string }[] }> };
    const origin = ledger.files[rel].regions[0].origin;
    assert.ok(ledger.acks.some((a) => a.origin === origin), 'the acknowledgment is in the ledger');
    await waitFor(() => loadbearingDiagnostics(editor.document.uri).length === 0, 'the diagnostic to clear');
    assert.equal(editor.document.isDirty, false);
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'the file itself is untouched');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  } finally {
    fs.chmodSync(file, mode);
  }
  await deleteFile(rel);
}

describe('odd documents: a 1M-line file, astral characters, UTF-16, binary files, notebooks, read-only files', () => {
  let startedAt = new Date();
  before(async () => {
    startedAt = new Date();
    await activateExtension();
  });

  it('a 1,000,000-line file changed while closed opens with its region re-anchored, and a paste near its end is flagged there', async function () {
    this.timeout(120_000);
    // Plain text: a 7 MB TypeScript file would measure the TypeScript server, not Loadbearing.
    const rel = 'src/auth/huge.txt';
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `x${i}`);
    fs.writeFileSync(fileUri(rel).fsPath, lines.join('\n') + '\n');
    // An agent reports lines 999,001–999,003 (1-based) while the file is closed in VS Code ...
    const marked = cli('mark', rel, '--lines', '999001-999003', '--source', 'agent');
    assert.equal(marked.code, 0, marked.out);
    // ... then the file changes on disk: three lines above, one line gone in the middle.
    lines.splice(500_000, 1);
    lines.unshift('// a', '// b', '// c');
    fs.writeFileSync(fileUri(rel).fsPath, lines.join('\n') + '\n');

    const editor = await openFile(rel);
    const [moved] = await flagged(editor.document.uri, 'the recorded region to be flagged');
    assert.deepEqual(range(moved), [999_002, 0, 999_005, 0], 'lines 999,001–999,003, moved down 3 and up 1');

    const at = 999_990;
    editor.selection = new vscode.Selection(at, 0, at, 0);
    await paste(editor, AI_SNIPPET);
    const both = await waitFor(() => {
      const d = loadbearingDiagnostics(editor.document.uri);
      return d.length === 2 ? d : undefined;
    }, 'the paste near the end to be flagged');
    const pasted = both.find((d) => d.range.start.line !== moved.range.start.line)!;
    assert.deepEqual(range(pasted), [at, 0, at + 4, 0]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // Emptied first: VS Code deleting a 7 MB file through a workspace edit made the next save fail now and then.
    fs.writeFileSync(fileUri(rel).fsPath, '');
    await deleteFile(rel);
  });

  it('astral characters before and inside a pasted region: the range is right in UTF-16 columns', async () => {
    const rel = 'src/auth/astral.ts';
    const prefix = "const frak = '𝔘𝔘';";
    // Written through VS Code's file service, so the save below never meets a copy on disk VS Code thinks is newer.
    await vscode.workspace.fs.writeFile(fileUri(rel), Buffer.from(`const face = '😀';\n${prefix} // tail 🎉\n`));
    const editor = await openFile(rel);
    editor.selection = new vscode.Selection(1, prefix.length, 1, prefix.length);
    const pasted = ["/* 😀 */ export const a = '𝔘';", "export const b = '😀😀';", "export const c = '𝔘' + a + b;"];
    await paste(editor, pasted.join('\n'));
    const [d] = await flagged(editor.document.uri, 'the paste to be flagged');
    // 𝔘 and 😀 are two UTF-16 code units each, as VS Code counts columns.
    assert.equal(prefix.length, 20);
    assert.deepEqual(range(d), [1, 20, 3, pasted[2].length]);
    assert.equal(editor.document.getText(d.range), pasted.join('\n'));

    // An emoji put before the region on its first line (not AI: a small edit) moves its start by two columns.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '😀')));
    const [after] = await waitFor(() => {
      const list = loadbearingDiagnostics(editor.document.uri);
      return list.length === 1 && list[0].range.start.character === 22 ? list : undefined;
    }, 'the region to move right by two UTF-16 units');
    assert.deepEqual(range(after), [1, 22, 3, pasted[2].length]);
    assert.equal(editor.document.getText(after.range), pasted.join('\n'));

    // The ledger on disk agrees: the CLI reads the saved file and finds the same lines.
    await saved(editor.document);
    await waitFor(() => {
      const rows = JSON.parse(cli('status', '--json').out) as { path: string; startLine: number; endLine: number }[];
      const row = rows.find((r) => r.path === rel);
      return row && row.startLine === 2 && row.endLine === 4;
    }, 'loadbearing status to list lines 2-4');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await deleteFile(rel);
  });

  it('a UTF-16 file (with a byte order mark) is gated at the lines VS Code shows', async () => {
    const rel = 'src/auth/utf16.ts';
    await vscode.workspace.fs.writeFile(fileUri(rel), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("const a = 'é😀';\n", 'utf16le')]));
    const editor = await openFile(rel);
    assert.equal(editor.document.lineAt(0).text, "const a = 'é😀';", 'VS Code reads it as UTF-16');
    const at = cursorAtEnd(editor);
    await paste(editor, AI_SNIPPET);
    const [d] = await flagged(editor.document.uri, 'the paste to be flagged');
    assert.deepEqual(range(d), [at, 0, at + 4, 0]);
    await saved(editor.document);
    assert.deepEqual([...fs.readFileSync(fileUri(rel).fsPath).subarray(0, 2)], [0xff, 0xfe], 'saved as UTF-16 still');
    git('add', rel);
    try {
      // The gate reads the staged bytes as VS Code reads the file: the AI lines are found, not missed.
      const refused = cli('check', '--staged');
      assert.equal(refused.code, 1, refused.out);
      assert.match(refused.out, /^src\/auth\/utf16\.ts:2-5  critical  paste$/m);
    } finally {
      git('reset', '-q', '--', rel);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await deleteFile(rel);
  });

  it('a binary file in a critical folder: not opened as text; a region recorded in it is queued, reachable and gated', async () => {
    const rel = 'src/auth/logo.png';
    fs.writeFileSync(fileUri(rel).fsPath, PNG);
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(fileUri(rel))), /binary/);
    const marked = cli('mark', rel, '--lines', '3-4', '--source', 'agent');
    assert.equal(marked.code, 0, marked.out);

    // The server sees the CLI's write to the ledger within moments.
    const entries = await waitFor(async () => {
      const list = (await vscode.commands.executeCommand<QueueEntry[]>('loadbearing.showReviewQueue')) ?? [];
      return list.some((e) => e.path === rel) ? list : undefined;
    }, `the queue to list ${rel}`);
    const entry = entries.find((e) => e.path === rel)!;
    assert.deepEqual([entry.tier, entry.range.start.line, entry.range.end.line, entry.range.end.character], ['critical', 2, 4, 0]);
    // Go to Next AI Edit reaches it without an error, whatever else is queued.
    let reached: QueueEntry | undefined;
    for (let k = 0; k < entries.length && reached?.path !== rel; k++) {
      reached = await vscode.commands.executeCommand<QueueEntry | undefined>('loadbearing.nextRegion');
      assert.ok(reached, 'nextRegion went somewhere');
    }
    assert.equal(reached?.path, rel);

    git('add', rel);
    try {
      const refused = cli('check', '--staged');
      assert.equal(refused.code, 1, refused.out);
      assert.match(refused.out, /^src\/auth\/logo\.png:3-4  critical  agent$/m);
      assert.equal(cli('review', `${rel}:3`, '--yes', '--reason', 'a binary: checked its bytes by hand').code, 0);
      const passed = cli('check', '--staged');
      assert.equal(passed.code, 0, passed.out);
    } finally {
      git('reset', '-q', '--', rel);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await deleteFile(rel);
  });

  it('a notebook in a critical folder: pastes, chat edits and marks in its cells are not tracked and flag nothing, anywhere', async () => {
    const rel = 'src/auth/analysis.ipynb';
    const cell = (source: string) => ({ cell_type: 'code', source: [source], metadata: {}, outputs: [], execution_count: null });
    const ipynb = { cells: [cell('x = 1\n'), cell('y = 2\n')], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    fs.writeFileSync(fileUri(rel).fsPath, JSON.stringify(ipynb, null, 1));
    fs.writeFileSync(fileUri(SENTINEL).fsPath, '// sentinel\n');
    const before = allFlags();
    // The notebook's file is also open as text (Reopen Editor With… Text Editor): saving the notebook reloads it.
    const asText = await vscode.workspace.openTextDocument(fileUri(rel));

    const notebook = await vscode.workspace.openNotebookDocument(fileUri(rel));
    assert.equal(notebook.notebookType, 'jupyter-notebook', 'VS Code ships the .ipynb serializer');
    await vscode.window.showNotebookDocument(notebook);
    const cellEditor = await vscode.window.showTextDocument(notebook.cellAt(0).document);
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'vscode-notebook-cell');
    cursorAtEnd(cellEditor);
    await paste(cellEditor, AI_SNIPPET);
    // Marking by hand in a cell says it is not tracked, and is not an error.
    cellEditor.selection = new vscode.Selection(1, 0, 3, 1);
    assert.equal(await vscode.commands.executeCommand('loadbearing.markSelection'), 0);
    // A chat-style edit: a cell the user is not typing in, while an ordinary file has focus.
    const sentinel = await openFile(SENTINEL);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(notebook.cellAt(1).document.uri, new vscode.Position(0, 0), AI_SNIPPET.replace('isAdmin', 'isOwner'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await saved(notebook);
    await waitFor(() => asText.getText().includes('isOwner'), 'the text view of the notebook to reload from disk');

    // Every message before this paste has been handled once it is flagged.
    cursorAtEnd(sentinel);
    await paste(sentinel, AI_SNIPPET);
    await flagged(sentinel.document.uri, 'the paste into an ordinary critical file to be flagged');
    // Earlier tests' flags may go meanwhile (their documents closing); none may appear but the sentinel's.
    const appeared = [...allFlags()].filter((f) => !before.has(f) && !f.startsWith(`${sentinel.document.uri.toString()} `));
    assert.deepEqual(appeared, [], 'no flag on the notebook, its cells, its text view or any other document');
    const ledger = ledgerJson() as ReturnType<typeof ledgerJson> & { origins: Record<string, { path: string }> };
    assert.deepEqual(Object.keys(ledger.files).filter((f) => f.includes('analysis.ipynb')), []);
    assert.deepEqual(Object.values(ledger.origins).filter((o) => /analysis\.ipynb|notebook-cell/.test(o.path)), []);

    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await deleteFile(SENTINEL);
    await deleteFile(rel);
  });

  it('a notebook whose JSON an agent recorded: Go to Next AI Edit shows the file as text, flagged at the recorded lines', async () => {
    const rel = 'src/auth/report.ipynb';
    const cell = { cell_type: 'code', source: ['x = 1\n', 'y = 2\n'], metadata: {}, outputs: [], execution_count: null };
    const ipynb = { cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    fs.writeFileSync(fileUri(rel).fsPath, JSON.stringify(ipynb, null, 1) + '\n');
    const marked = cli('mark', rel, '--lines', '4-6', '--source', 'agent');
    assert.equal(marked.code, 0, marked.out);
    const entries = await waitFor(async () => {
      const list = (await vscode.commands.executeCommand<QueueEntry[]>('loadbearing.showReviewQueue')) ?? [];
      return list.some((e) => e.path === rel) ? list : undefined;
    }, `the queue to list ${rel}`);
    let reached: QueueEntry | undefined;
    for (let k = 0; k < entries.length && reached?.path !== rel; k++) {
      reached = await vscode.commands.executeCommand<QueueEntry | undefined>('loadbearing.nextRegion');
    }
    assert.equal(reached?.path, rel);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), fileUri(rel).toString(), 'the .ipynb open as text');
    const [d] = await flagged(editor.document.uri, 'the recorded lines to be flagged');
    assert.deepEqual(range(d), [3, 0, 6, 0]);
    assert.equal(editor.selection.active.line, 3);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await deleteFile(rel);
  });

  it('a file read-only on disk (chmod 0444) with a recorded region: flagged, and reviewed into the ledger', async () => {
    await reviewReadOnly('src/auth/locked.ts', () => fs.chmodSync(fileUri('src/auth/locked.ts').fsPath, 0o444));
  });

  it('a file read-only by files.readonlyInclude with a recorded region: flagged, and reviewed into the ledger', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('readonlyInclude', { '**/src/auth/frozen/**': true }, vscode.ConfigurationTarget.Global);
    try {
      await reviewReadOnly('src/auth/frozen/config.ts', () => undefined, async (editor) => {
        const text = editor.document.getText();
        await vscode.commands.executeCommand('type', { text: '// typed' });
        assert.equal(editor.document.getText(), text, 'VS Code refuses to type in it');
      });
    } finally {
      await files.update('readonlyInclude', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('left nothing but information in the extension log and its output channel', function () {
    const log = process.env.LOADBEARING_LOG_FILE;
    // The code-server test bed always sets it; @vscode/test-electron runs do not.
    if (!log) this.skip();
    const since = startedAt.toISOString();
    const errors = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.slice(0, since.length) >= since && / (client|server) error /.test(l));
    assert.deepEqual([...errors, ...channelProblems(log, startedAt)], []);
  });
});
