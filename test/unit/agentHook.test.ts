// `loadbearing agent-hook` on real repositories fed each agent's recorded payloads (fixtures/agents): the exact lines
// `status --json` then lists, sessions, missing checkpoints, hostile input, and the commit gate refusing the agent's lines.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointStore } from '../../core/agents/checkpoint';
import { fixture, hook, Row, status } from './helpers/agentHooks';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

const lines = (rows: Row[], file: string) => rows.filter((r) => r.path === file).map((r) => [r.startLine, r.endLine]);

/** Runs a Bash fixture's command in the repository, as the agent's tool would. */
function runShell(repo: TestRepo, name: string): void {
  const command = (JSON.parse(fixture(repo, name)) as { tool_input?: { command: string }; command?: string });
  const r = spawnSync('sh', ['-c', command.tool_input?.command ?? command.command ?? ''], { cwd: repo.root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** Applies an Edit-like fixture's old_string → new_string to the file, as the agent's tool would. */
function applyEdit(repo: TestRepo, rel: string, edits: Array<{ old: string; new: string }>): void {
  let text = repo.read(rel);
  for (const e of edits) {
    assert.ok(text.includes(e.old), `fixture edit does not apply: ${JSON.stringify(e.old)}`);
    text = text.replace(e.old, e.new);
  }
  repo.write(rel, text);
}

describe('agent-hook: recording each agent', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(6), 'main.tf': numbered(3) });
  });

  async function prePost(agent: string, pre: string, post: string, act: () => void): Promise<void> {
    const before = await hook(repo, agent, fixture(repo, pre));
    assert.equal(before.code, 0, before.err);
    act();
    const after = await hook(repo, agent, fixture(repo, post));
    assert.equal(after.code, 0, after.err);
    assert.deepEqual(JSON.parse(after.out), {});
  }

  it('Claude Write: every line of the new file, with tool and session on the origin', async () => {
    await prePost('claude', 'claude/pre-write.json', 'claude/post-write.json', () => repo.write('src/auth/session.ts', 'export const ttl = 3600;\nexport const secure = true;\n'));
    const rows = status(repo);
    assert.deepEqual(lines(rows, 'src/auth/session.ts'), [[1, 2]]);
    const row = rows[0];
    assert.equal(row.source, 'agent');
    assert.equal(row.confidence, 'certain');
    assert.equal(row.tool, 'claude Write');
    assert.equal(row.session, '3f0c7a52-claude-session');
    assert.deepEqual(await new CheckpointStore(repo.gitDir()).pending(), [], 'the checkpoint is cleaned up');
  });

  it('Claude Edit: exactly the inserted lines; the unchanged line around them stays the user’s', async () => {
    await prePost('claude', 'claude/pre-edit.json', 'claude/post-edit.json', () =>
      applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 3\n', new: "line 3\nif (!user) throw new Error('no user');\nreturn user;\n" }]),
    );
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[4, 5]]);
  });

  it('Claude MultiEdit: one region per replaced block', async () => {
    await prePost('claude', 'claude/pre-multiedit.json', 'claude/post-multiedit.json', () =>
      applyEdit(repo, 'src/auth/login.ts', [
        { old: 'line 1\n', new: "import { hash } from './hash';\n" },
        { old: 'line 6\n', new: 'line 6\nexport { hash };\n' },
      ]),
    );
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[1, 1], [7, 7]]);
  });

  it('an edit that only removes lines creates no region', async () => {
    await prePost('claude', 'claude/pre-edit-remove.json', 'claude/post-edit-remove.json', () => applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 4\n', new: '' }]));
    assert.deepEqual(status(repo), []);
  });

  it('Claude Bash `sed -i`: the replaced line', async () => {
    await prePost('claude', 'claude/pre-bash-sed.json', 'claude/post-bash-sed.json', () => runShell(repo, 'claude/pre-bash-sed.json'));
    const rows = status(repo);
    assert.deepEqual(lines(rows, 'src/auth/login.ts'), [[2, 2]]);
    assert.equal(rows[0].tool, 'claude Bash');
  });

  it('Claude Bash heredoc creating a file: the whole new file; files dirty before and untouched are not recorded', async () => {
    repo.write('notes.txt', 'the user was writing this\n'); // untracked and dirty before the command, unchanged by it
    await prePost('claude', 'claude/pre-bash-heredoc.json', 'claude/post-bash-heredoc.json', () => runShell(repo, 'claude/pre-bash-heredoc.json'));
    const rows = status(repo);
    assert.deepEqual(rows.map((r) => [r.path, r.startLine, r.endLine]), [['src/auth/token.ts', 1, 2]]);
  });

  it('a file the agent deletes loses its regions; recreated, it is wholly the agent’s', async () => {
    await prePost('claude', 'claude/pre-edit.json', 'claude/post-edit.json', () =>
      applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 3\n', new: "line 3\nif (!user) throw new Error('no user');\nreturn user;\n" }]),
    );
    assert.equal(status(repo).length, 1);
    await prePost('claude', 'claude/pre-bash-rm.json', 'claude/post-bash-rm.json', () => runShell(repo, 'claude/pre-bash-rm.json'));
    assert.deepEqual(status(repo), []);
    const ledger = JSON.parse(fs.readFileSync(repo.ledgerFile(), 'utf8')) as { files: Record<string, unknown> };
    assert.equal(ledger.files['src/auth/login.ts'], undefined);
    await prePost('claude', 'claude/pre-multiedit.json', 'claude/post-multiedit.json', () => repo.write('src/auth/login.ts', 'recreated 1\nrecreated 2\n'));
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[1, 2]]);
  });

  it('Codex apply_patch: the replaced lines and the added file, with the model', async () => {
    await prePost('codex', 'codex/pre-apply-patch.json', 'codex/post-apply-patch.json', () => {
      applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 3\n', new: "const role = 'admin';\naudit(role);\n" }]);
      repo.write('src/auth/roles.ts', "export const roles = ['admin'];\n");
    });
    const rows = status(repo);
    assert.deepEqual(lines(rows, 'src/auth/login.ts'), [[3, 4]]);
    assert.deepEqual(lines(rows, 'src/auth/roles.ts'), [[1, 1]]);
    assert.ok(rows.every((r) => r.tool === 'codex apply_patch' && r.model === 'gpt-5-codex' && r.session === '019a6b2e-codex-session'));
  });

  it('Codex Bash: the appended line', async () => {
    await prePost('codex', 'codex/pre-bash.json', 'codex/post-bash.json', () => runShell(repo, 'codex/pre-bash.json'));
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[7, 7]]);
  });

  it('Cursor preToolUse StrReplace + afterFileEdit: the inserted line, with the model', async () => {
    await prePost('cursor', 'cursor/pre-tool-use-strreplace.json', 'cursor/after-file-edit.json', () =>
      applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 5\n', new: 'const session = await open();\nline 5\n' }]),
    );
    const rows = status(repo);
    assert.deepEqual(lines(rows, 'src/auth/login.ts'), [[5, 5]]);
    assert.equal(rows[0].model, 'claude-4.5-sonnet');
    assert.equal(rows[0].session, 'c0ffee00-cursor-conversation');
  });

  it('Cursor beforeShellExecution + afterShellExecution: the line sed replaced', async () => {
    await prePost('cursor', 'cursor/before-shell-execution.json', 'cursor/after-shell-execution.json', () => {
      const { command } = JSON.parse(fixture(repo, 'cursor/before-shell-execution.json')) as { command: string };
      assert.equal(spawnSync('sh', ['-c', command], { cwd: repo.root }).status, 0);
    });
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[1, 1]]);
  });

  it('Copilot CLI edit (toolArgs as a JSON string) and VS Code editFiles', async () => {
    await prePost('copilot', 'copilot/cli-pre-edit.json', 'copilot/cli-post-edit.json', () => applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 6\n', new: 'line 6\nlogout();\n' }]));
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[7, 7]]);
    await prePost('copilot', 'copilot/vscode-pre-editfiles.json', 'copilot/vscode-post-editfiles.json', () => applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 2\n', new: 'line 2\ncheck();\n' }]));
    const rows = status(repo);
    assert.deepEqual(lines(rows, 'src/auth/login.ts'), [[3, 3], [8, 8]]);
    assert.deepEqual(rows.map((r) => r.tool), ['copilot editFiles', 'copilot edit']);
    assert.equal(rows[0].session, 'vscode-chat-session-42');
  });
});

describe('agent-hook: missing checkpoints, sessions, hostile input', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(6) });
  });

  it('Post without Pre: diffs against the index, records the lines and says so in the audit log', async () => {
    applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 3\n', new: "line 3\nif (!user) throw new Error('no user');\nreturn user;\n" }]);
    const r = await hook(repo, 'claude', fixture(repo, 'claude/post-edit.json'));
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[4, 5]]);
    const event = repo.audit().find((e) => e.type === 'attribution' && e.via === 'agent-hook');
    assert.match(String(event?.note), /no checkpoint.*index/);
  });

  it('Pre without Post records nothing; its checkpoint is removed once stale', async () => {
    assert.equal((await hook(repo, 'claude', fixture(repo, 'claude/pre-edit.json'))).code, 0);
    const store = new CheckpointStore(repo.gitDir());
    assert.equal((await store.pending()).length, 1);
    assert.deepEqual(status(repo), []);
    await store.removeStale(Date.now() + 2 * 24 * 60 * 60 * 1000);
    assert.deepEqual(await store.pending(), []);
  });

  it('two sessions interleaved keep their own checkpoints and origins', async () => {
    const a = fixture(repo, 'claude/pre-edit.json');
    const b = fixture(repo, 'claude/pre-write.json').replace(/3f0c7a52-claude-session/g, 'second-session');
    await hook(repo, 'claude', a);
    await hook(repo, 'claude', b);
    applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 3\n', new: "line 3\nif (!user) throw new Error('no user');\nreturn user;\n" }]);
    repo.write('src/auth/session.ts', 'export const ttl = 3600;\nexport const secure = true;\n');
    await hook(repo, 'claude', fixture(repo, 'claude/post-write.json').replace(/3f0c7a52-claude-session/g, 'second-session'));
    await hook(repo, 'claude', fixture(repo, 'claude/post-edit.json'));
    const rows = status(repo);
    assert.deepEqual(rows.map((r) => [r.path, r.startLine, r.endLine, r.session]), [
      ['src/auth/login.ts', 4, 5, '3f0c7a52-claude-session'],
      ['src/auth/session.ts', 1, 2, 'second-session'],
    ]);
    assert.ok(repo.audit().every((e) => !String(e.note ?? '').includes('no checkpoint')), 'each Post found its own checkpoint');
  });

  it('a second Post hook for the same edit (VS Code runs .claude and .github hooks) records it once', async () => {
    await hook(repo, 'claude', fixture(repo, 'claude/pre-edit.json'));
    applyEdit(repo, 'src/auth/login.ts', [{ old: 'line 3\n', new: "line 3\nif (!user) throw new Error('no user');\nreturn user;\n" }]);
    await hook(repo, 'claude', fixture(repo, 'claude/post-edit.json'));
    await hook(repo, 'claude', fixture(repo, 'claude/post-edit.json'));
    assert.equal(repo.audit().filter((e) => e.type === 'attribution').length, 1);
    assert.deepEqual(lines(status(repo), 'src/auth/login.ts'), [[4, 5]]);
  });

  it('a tool that only reads (Cursor preToolUse fires for every tool) gets no decision and no checkpoint', async () => {
    const read = fixture(repo, 'cursor/pre-tool-use-strreplace.json').replace('"StrReplace"', '"Read"');
    const r = await hook(repo, 'cursor', read);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {});
    assert.equal(fs.existsSync(path.join(repo.gitDir(), 'loadbearing')), false, 'nothing written');
  });

  it('a path outside the repository: no decision, nothing recorded', async () => {
    const outside = fixture(repo, 'claude/pre-write.json').replace(`${repo.root}/src/auth/session.ts`, `${repo.root}/../outside.ts`);
    for (const input of [outside, outside.replace('PreToolUse', 'PostToolUse')]) {
      const r = await hook(repo, 'claude', input);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), {});
    }
    assert.equal(fs.existsSync(path.join(repo.gitDir(), 'loadbearing')), false, 'nothing written');
  });

  it('invalid JSON, a non-object and input past 64 MB exit 2 with a reason (real process), and record nothing', () => {
    for (const input of ['{"hook_event_name": "PreToolUse",', '[1,2]', JSON.stringify({ tool_name: 'Write', tool_input: { file_path: repo.path('src/auth/x.ts'), content: 'x'.repeat(65 * 1024 * 1024) } })]) {
      const r = repo.cli(['agent-hook', '--agent', 'claude'], { input });
      assert.equal(r.code, 2, r.err);
      assert.equal(r.err.trim().split('\n').length, 1);
      assert.match(r.err, /^loadbearing agent-hook: the hook input/);
      assert.equal(r.out, '');
    }
    assert.equal(fs.existsSync(path.join(repo.gitDir(), 'loadbearing')), false, 'nothing written');
  });

  it('an internal failure exits 1, which agents treat as a non-blocking hook error', async () => {
    fs.writeFileSync(path.join(repo.gitDir(), 'loadbearing'), 'not a folder');
    const r = await hook(repo, 'claude', fixture(repo, 'claude/pre-edit.json'));
    assert.equal(r.code, 1);
    assert.match(r.err, /internal error \(the agent continues\)/);
    assert.equal(r.out, '');
  });
});
