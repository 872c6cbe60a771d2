// `install-agent-hooks` / `uninstall-agent-hooks` on real repositories: each agent's config merged without clobbering
// other hooks, idempotent, restored byte for byte, and the installed command runs the hook without `node` on PATH.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture, status } from './helpers/agentHooks';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

// Odd but valid formatting and another tool's hooks: what must survive install and come back byte for byte.
const CLAUDE_SETTINGS = '{\n\t"permissions": { "allow": ["Bash(npm test)"] },\n\t"hooks": {\n\t\t"PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "./guard.sh" } ] } ]\n\t}\n}';
const CURSOR_HOOKS = '{"version":1,"hooks":{"afterFileEdit":[{"command":"npx prettier --write"}]}}\n';

describe('install-agent-hooks', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(6), '.claude/settings.json': CLAUDE_SETTINGS, '.cursor/hooks.json': CURSOR_HOOKS });
  });

  const readJson = (rel: string) => JSON.parse(repo.read(rel)) as { version?: number; hooks: Record<string, Array<Record<string, unknown>>> };

  it("merges each agent's config next to the hooks already there, and a second run changes nothing", () => {
    const first = repo.cli(['install-agent-hooks']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /installed claude: .*\.claude\/settings\.json/);
    const claude = readJson('.claude/settings.json');
    assert.equal(claude.hooks.PreToolUse.length, 2);
    assert.equal((claude.hooks.PreToolUse[0].hooks as Array<{ command: string }>)[0].command, './guard.sh');
    assert.equal(claude.hooks.PreToolUse[1].matcher, 'Write|Edit|MultiEdit|NotebookEdit|Bash');
    assert.match((claude.hooks.PostToolUse[0].hooks as Array<{ command: string }>)[0].command, /^'.+' '.+cli\.js' agent-hook --agent claude$/);
    assert.deepEqual(readJson('.codex/hooks.json').hooks.PreToolUse.map((g) => g.matcher), ['Bash|apply_patch']);
    const cursor = readJson('.cursor/hooks.json');
    assert.equal(cursor.version, 1);
    assert.deepEqual(Object.keys(cursor.hooks).sort(), ['afterFileEdit', 'afterShellExecution', 'beforeShellExecution', 'preToolUse']);
    assert.equal(cursor.hooks.afterFileEdit[0].command, 'npx prettier --write');
    const copilot = readJson('.github/hooks/loadbearing.json');
    assert.equal(copilot.version, 1);
    assert.match(String(copilot.hooks.preToolUse[0].bash), /agent-hook --agent copilot$/);
    const snapshot = ['.claude/settings.json', '.codex/hooks.json', '.cursor/hooks.json', '.github/hooks/loadbearing.json'].map((f) => repo.read(f));
    const second = repo.cli(['install-agent-hooks']);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /unchanged claude/);
    assert.deepEqual(['.claude/settings.json', '.codex/hooks.json', '.cursor/hooks.json', '.github/hooks/loadbearing.json'].map((f) => repo.read(f)), snapshot);
  });

  it('uninstall restores every config byte for byte and removes what it created', () => {
    assert.equal(repo.cli(['install-agent-hooks']).code, 0);
    assert.equal(repo.cli(['install-agent-hooks', '--agent', 'claude']).code, 0);
    const r = repo.cli(['uninstall-agent-hooks']);
    assert.equal(r.code, 0, r.err);
    assert.equal(repo.read('.claude/settings.json'), CLAUDE_SETTINGS);
    assert.equal(repo.read('.cursor/hooks.json'), CURSOR_HOOKS);
    for (const gone of ['.codex', '.github']) assert.equal(fs.existsSync(repo.path(gone)), false, `${gone} should be gone`);
    assert.equal(repo.git('status', '--porcelain'), '');
  });

  it('uninstall after the user edited the config keeps their edit and takes out only our entries', () => {
    assert.equal(repo.cli(['install-agent-hooks', '--agent', 'claude']).code, 0);
    const config = readJson('.claude/settings.json') as Record<string, unknown>;
    config.model = 'opus';
    repo.write('.claude/settings.json', JSON.stringify(config));
    assert.equal(repo.cli(['uninstall-agent-hooks', '--agent', 'claude']).code, 0);
    const after = readJson('.claude/settings.json') as unknown as { model: string; hooks: Record<string, unknown[]> };
    assert.equal(after.model, 'opus');
    assert.deepEqual(Object.keys(after.hooks), ['PreToolUse']);
    assert.equal(after.hooks.PreToolUse.length, 1);
  });

  it('a config that is not valid JSON is refused (exit 2) and left untouched', () => {
    repo.write('.cursor/hooks.json', '{"version": 1, "hooks": {');
    const r = repo.cli(['install-agent-hooks', '--agent', 'cursor']);
    assert.equal(r.code, 2);
    assert.match(r.err, /hooks\.json is not valid JSON.*nothing was changed/);
    assert.equal(repo.read('.cursor/hooks.json'), '{"version": 1, "hooks": {');
  });

  it('--user writes into the home folder; Copilot, read from the repository only, is refused there', () => {
    const r = repo.cli(['install-agent-hooks', '--user', '--agent', 'claude,codex']);
    assert.equal(r.code, 0, r.err);
    assert.ok(fs.existsSync(path.join(repo.home, '.claude', 'settings.json')));
    assert.ok(fs.existsSync(path.join(repo.home, '.codex', 'hooks.json')));
    assert.equal(repo.cli(['uninstall-agent-hooks', '--user', '--agent', 'claude,codex']).code, 0);
    assert.equal(fs.existsSync(path.join(repo.home, '.claude')), false);
    const copilot = repo.cli(['install-agent-hooks', '--user', '--agent', 'copilot']);
    assert.equal(copilot.code, 2);
    assert.match(copilot.err, /\.github\/hooks/);
  });

  it('the installed command runs the hook with the recorded runtime, with no node on PATH', () => {
    assert.equal(repo.cli(['install-agent-hooks', '--agent', 'claude']).code, 0);
    const command = ((readJson('.claude/settings.json').hooks.PreToolUse[1].hooks as Array<{ command: string }>)[0]).command;
    const env = { ...repo.env, PATH: '/nonexistent' };
    const run = (name: string) => spawnSync('/bin/sh', ['-c', command], { cwd: repo.root, env, input: fixture(repo, name), encoding: 'utf8' });
    const pre = run('claude/pre-edit.json');
    assert.equal(pre.status, 0, pre.stderr);
    assert.equal((JSON.parse(pre.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'ask');
    repo.write('src/auth/login.ts', repo.read('src/auth/login.ts').replace('line 3\n', "line 3\nif (!user) throw new Error('no user');\nreturn user;\n"));
    const post = run('claude/post-edit.json');
    assert.equal(post.status, 0, post.stderr);
    assert.deepEqual(status(repo).map((r) => [r.path, r.startLine, r.endLine]), [['src/auth/login.ts', 4, 5]]);
  });
});
