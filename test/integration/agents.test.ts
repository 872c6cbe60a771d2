// Coding agents in real VS Code: "Install Agent Hooks" writes the agent's config, and the hook command from that config,
// run as a child process (as the agent runs it, from a terminal), records an edit to a critical file that is open and
// focused, open in the background, or closed: the region appears with the agent, tool and model in the hover, and the
// reload of the open document is never taken for the user's or chat's edit.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, loadbearingDiagnostics, openEditor, waitFor, workspaceRoot } from './helpers';

const ORIGINAL = ['export function refund(cents: number): number {', '  return -cents;', '}', ''].join('\n');
const INSERTED = ['  if (cents <= 0) throw new Error("nothing to refund");', '  audit("refund", cents);'];
const EDITED = ['export function refund(cents: number): number {', ...INSERTED, '  return -cents;', '}', ''].join('\n');

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** A Codex apply_patch event, shaped as Codex sends it (test/unit/fixtures/agents/codex). */
function codexEvent(file: string, event: 'PreToolUse' | 'PostToolUse', session: string): string {
  const patch = ['*** Begin Patch', `*** Update File: ${file}`, '@@', ' export function refund(cents: number): number {', ...INSERTED.map((l) => `+${l}`), '   return -cents;', '*** End Patch', ''].join('\n');
  return JSON.stringify({
    session_id: session,
    turn_id: `${session}-turn`,
    transcript_path: '/tmp/rollout.jsonl',
    cwd: workspaceRoot(),
    hook_event_name: event,
    model: 'gpt-5-codex',
    permission_mode: 'default',
    tool_name: 'apply_patch',
    tool_input: { command: patch },
    tool_use_id: `${session}-call`,
    ...(event === 'PostToolUse' ? { tool_response: `Success. Updated the following files:\nM ${file}\n` } : {}),
  });
}

describe('coding agents', function () {
  this.timeout(60_000);
  let command = '';

  before(async () => {
    await activateExtension();
    const written = await vscode.commands.executeCommand<string[]>('loadbearing.installAgentHooks', ['codex']);
    assert.deepEqual(written, [path.join(workspaceRoot(), '.codex', 'hooks.json')]);
    const config = JSON.parse(fs.readFileSync(written[0], 'utf8')) as { hooks: { PreToolUse: Array<{ matcher: string; hooks: Array<{ command: string }> }> } };
    assert.equal(config.hooks.PreToolUse[0].matcher, 'Bash|apply_patch');
    command = config.hooks.PreToolUse[0].hooks[0].command;
    assert.match(command, /agent-hook --agent codex$/);
  });

  // Each test has its own file: a file VS Code has opened stays open (hidden) after its editor closes.
  const FILES = ['src/payments/focused.ts', 'src/payments/background.ts', 'src/payments/closed.ts'];
  before(() => {
    for (const file of FILES) fs.writeFileSync(fileUri(file).fsPath, ORIGINAL);
  });
  after(() => {
    fs.rmSync(path.join(workspaceRoot(), '.codex'), { recursive: true, force: true });
    for (const file of FILES) fs.rmSync(fileUri(file).fsPath, { force: true });
  });

  /** What the agent does: the Pre hook, its tool writing the file, the Post hook; each hook run by the configured command. */
  function agentEdits(file: string, session: string): string {
    const run = (event: 'PreToolUse' | 'PostToolUse') => {
      const r = spawnSync('/bin/sh', ['-c', command], { cwd: workspaceRoot(), input: codexEvent(file, event, session), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const answer = run('PreToolUse');
    fs.writeFileSync(fileUri(file).fsPath, EDITED);
    run('PostToolUse');
    return answer;
  }

  /** The region is exactly the inserted lines, from the agent, and its hover names agent, tool and model. */
  async function expectAgentRegion(file: string, uri: vscode.Uri): Promise<void> {
    const diagnostics = await waitFor(() => {
      const d = loadbearingDiagnostics(uri);
      return d.length === 1 && d[0].range.start.line === 1 && d[0].range.end.line <= 3 ? d : undefined;
    }, 'the agent region on lines 2-3').catch((error: Error) => {
      const seen = loadbearingDiagnostics(uri).map((d) => `${d.range.start.line}-${d.range.end.line} ${d.message}`);
      const ledger = fs.readFileSync(path.join(workspaceRoot(), '.git', 'loadbearing', 'ledger.json'), 'utf8');
      throw new Error(`${error.message}; diagnostics: ${JSON.stringify(seen)}; ledger entry: ${JSON.stringify(JSON.parse(ledger).files[file])}`);
    });
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error, 'critical');
    assert.match(diagnostics[0].message, /external agent \(codex apply_patch, model gpt-5-codex\), certain/);
    const hover = await hoverText(uri, new vscode.Position(2, 4));
    assert.match(hover, /AI-written: external agent \(codex apply_patch, model gpt-5-codex\) · confidence \*certain\*/);
  }

  it('the pre-edit gate answers in Codex format, and an edit to the open, focused critical file becomes its region', async () => {
    const file = FILES[0];
    const editor = await openEditor(file);
    const answer = JSON.parse(agentEdits(file, 'focused-session')) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(answer.hookSpecificOutput.permissionDecision, 'deny', 'Codex cannot ask: critical edits are denied with the reason');
    assert.match(answer.hookSpecificOutput.permissionDecisionReason, /src\/payments\/focused\.ts is critical and holds 0 unreviewed AI regions/);
    await waitFor(() => editor.document.getText() === EDITED, 'VS Code to reload the file');
    await expectAgentRegion(file, editor.document.uri);
    assert.equal(editor.document.isDirty, false);
  });

  it('an edit to a file open in the background', async () => {
    const file = FILES[1];
    const doc = await vscode.workspace.openTextDocument(fileUri(file));
    await openEditor('src/auth/session.ts');
    agentEdits(file, 'background-session');
    await waitFor(() => doc.getText() === EDITED, 'VS Code to reload the file');
    await expectAgentRegion(file, doc.uri);
  });

  it('an edit to a closed file shows when it is opened', async () => {
    const file = FILES[2];
    agentEdits(file, 'closed-session');
    const editor = await openEditor(file);
    assert.equal(editor.document.getText(), EDITED);
    await expectAgentRegion(file, editor.document.uri);
  });
});
