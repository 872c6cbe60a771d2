// The git hooks on real repositories: chaining, husky's core.hooksPath, worktrees, no node on PATH, exact uninstall.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepo } from '../../core/git/gitRepo';
import { installHooks, uninstallHooks } from '../../core/install/hookInstall';
import { hookScript, isLoadbearingHook, shellQuote } from '../../core/install/hookScript';
import { copyCli, numbered, POLICY, tempDir, TestRepo } from './helpers/gitFixture';

function addUnreviewedAi(repo: TestRepo, file = 'src/auth/login.ts'): void {
  repo.write(file, repo.read(file) + 'const secret = fromAi();\n');
  const lines = repo.read(file).split('\n').length - 1;
  const marked = repo.cli(['mark', file, '--lines', `${lines}-${lines}`, '--source', 'agent']);
  assert.equal(marked.code, 0, marked.err);
  repo.git('add', file);
}

describe('hook script', () => {
  it('quotes recorded paths so that sh reads them back exactly', () => {
    for (const text of ["/a b/c'd/cli.js", '/x/$(rm -rf ~)/`y`/"z"', '/new\nline']) {
      assert.equal(shellQuote(text).slice(1, -1).split(`'\\''`).join("'"), text);
    }
    const script = hookScript({ hook: 'pre-commit', cliPath: "/it's/cli.js", runtime: { path: '/opt/code/electron', electron: true } });
    assert.ok(isLoadbearingHook(script));
    assert.match(script, /^lb_cli='\/it'\\''s\/cli\.js'$/m);
    assert.match(script, /ELECTRON_RUN_AS_NODE=1/);
    assert.doesNotMatch(script, /npx|node_modules/);
  });
});

describe('hooks on real repositories', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3), 'README.md': 'hello\n' });
  });

  it('refuses the commit, then allows it after review, and writes a note', () => {
    assert.equal(repo.cli(['install-hook']).code, 0);
    addUnreviewedAi(repo);
    const refused = repo.commit('ai change');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /commit refused/);
    assert.match(refused.err, /^src\/auth\/login\.ts:4-4  critical  agent$/m);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
    const allowed = repo.commit('ai change');
    assert.equal(allowed.code, 0, allowed.err);
    const note = JSON.parse(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'));
    assert.equal(note.files[0].path, 'src/auth/login.ts');
    assert.equal(note.files[0].regions[0].ack.reviewer.email, 'rita@example.com');
  });

  it('runs an existing pre-commit hook first; its failure still blocks; uninstall restores it byte for byte', () => {
    const hooks = path.join(repo.gitDir(), 'hooks');
    const original = '#!/bin/sh\n# user hook  \r\necho ran >> "$(git rev-parse --git-dir)/user-hook-ran"\n[ ! -e "$(git rev-parse --git-dir)/user-hook-fail" ]\n';
    fs.writeFileSync(path.join(hooks, 'pre-commit'), original, { mode: 0o750 });
    fs.chmodSync(path.join(hooks, 'pre-commit'), 0o750);
    assert.equal(repo.cli(['install-hook']).code, 0);
    assert.equal(repo.cli(['install-hook']).code, 0, 'installing twice is harmless');
    assert.equal(fs.readFileSync(path.join(hooks, 'pre-commit.loadbearing-previous'), 'utf8'), original);

    repo.write('README.md', 'hello again\n');
    repo.git('add', 'README.md');
    fs.writeFileSync(path.join(repo.gitDir(), 'user-hook-fail'), '');
    assert.notEqual(repo.commit('blocked by the user hook').code, 0);
    assert.equal(fs.readFileSync(path.join(repo.gitDir(), 'user-hook-ran'), 'utf8'), 'ran\n');
    fs.rmSync(path.join(repo.gitDir(), 'user-hook-fail'));
    const ok = repo.commit('allowed');
    assert.equal(ok.code, 0, ok.err);
    assert.equal(fs.readFileSync(path.join(repo.gitDir(), 'user-hook-ran'), 'utf8'), 'ran\nran\n', 'ran once per commit, not twice');

    addUnreviewedAi(repo);
    assert.notEqual(repo.commit('blocked by the gate').code, 0, 'the gate still runs after a passing user hook');

    const un = repo.cli(['uninstall-hook']);
    assert.equal(un.code, 0, un.err);
    assert.equal(fs.readFileSync(path.join(hooks, 'pre-commit'), 'utf8'), original);
    assert.equal(fs.statSync(path.join(hooks, 'pre-commit')).mode & 0o777, 0o750);
    assert.ok(!fs.existsSync(path.join(hooks, 'pre-commit.loadbearing-previous')));
    assert.ok(!fs.existsSync(path.join(hooks, 'post-commit')), 'our post-commit is gone, none was there before');
    assert.equal(repo.cli(['uninstall-hook']).code, 0, 'uninstalling twice is harmless');
  });

  it('works inside a husky core.hooksPath: the user script still runs and can block, uninstall restores the stub', () => {
    // husky 9: core.hooksPath=.husky/_, whose stubs source `h`, which runs .husky/<basename of $0>.
    const h = [
      '#!/usr/bin/env sh',
      'n=$(basename "$0")',
      's=$(dirname "$(dirname "$0")")/$n',
      '[ ! -f "$s" ] && exit 0',
      'sh -e "$s" "$@"',
      'c=$?',
      '[ $c != 0 ] && echo "husky - $n script failed (code $c)"',
      'exit $c',
      '',
    ].join('\n');
    const stub = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n';
    repo.write('.husky/_/h', h);
    for (const hook of ['pre-commit', 'post-commit']) {
      repo.write(`.husky/_/${hook}`, stub);
      fs.chmodSync(repo.path(`.husky/_/${hook}`), 0o755);
    }
    repo.write('.husky/pre-commit', 'echo lint >> "$(git rev-parse --git-dir)/husky-ran"\n[ ! -e "$(git rev-parse --git-dir)/husky-fail" ]\n');
    repo.git('config', 'core.hooksPath', '.husky/_');
    const installed = repo.cli(['install-hook']);
    assert.equal(installed.code, 0, installed.err);
    assert.match(installed.out, /\.husky\/_\/pre-commit/);
    assert.equal(repo.cli(['install-hook']).code, 0, 'installing twice is harmless');
    assert.ok(!fs.existsSync(path.join(repo.gitDir(), 'hooks', 'pre-commit')), 'not in .git/hooks, which git ignores here');

    addUnreviewedAi(repo);
    assert.notEqual(repo.commit('refused by the gate').code, 0);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
    fs.writeFileSync(path.join(repo.gitDir(), 'husky-fail'), '');
    const byHusky = repo.commit('refused by the user script');
    assert.notEqual(byHusky.code, 0);
    assert.match(byHusky.err, /husky - pre-commit script failed/);
    fs.rmSync(path.join(repo.gitDir(), 'husky-fail'));
    const ok = repo.commit('allowed');
    assert.equal(ok.code, 0, ok.err);
    assert.equal(fs.readFileSync(path.join(repo.gitDir(), 'husky-ran'), 'utf8'), 'lint\nlint\n');
    assert.match(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'), /rita@example\.com/, 'post-commit ran through the stub');

    assert.equal(repo.cli(['uninstall-hook']).code, 0);
    for (const hook of ['pre-commit', 'post-commit']) {
      assert.equal(repo.read(`.husky/_/${hook}`), stub);
      assert.equal(fs.statSync(repo.path(`.husky/_/${hook}`)).mode & 0o777, 0o755);
    }

    // `npm install` makes husky rewrite its stubs: installing again puts the gate back.
    assert.equal(repo.cli(['install-hook']).code, 0);
    repo.write('.husky/_/pre-commit', stub);
    addUnreviewedAi(repo);
    assert.equal(repo.commit('unguarded after husky regenerated the stub').code, 0);
    addUnreviewedAi(repo);
    assert.equal(repo.cli(['install-hook']).code, 0);
    assert.notEqual(repo.commit('guarded again').code, 0);
  });

  it('gives a linked worktree its own ledger, with the hooks shared', () => {
    assert.equal(repo.cli(['install-hook']).code, 0);
    const wtRoot = path.join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'feature', wtRoot);
    const wt = new TestRepo(wtRoot, repo.home);
    addUnreviewedAi(wt);
    assert.match(wt.ledgerFile(), /worktrees/);
    assert.ok(fs.existsSync(wt.ledgerFile()));
    assert.ok(!fs.existsSync(repo.ledgerFile()), 'the main work tree has no ledger');
    assert.notEqual(wt.commit('refused in the worktree').code, 0);

    repo.write('src/auth/login.ts', repo.read('src/auth/login.ts') + 'human code\n');
    repo.git('add', 'src/auth/login.ts');
    assert.equal(repo.commit('main work tree is unaffected').code, 0);
    assert.equal(wt.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
    assert.equal(wt.commit('allowed in the worktree').code, 0);
  });

  it('runs with the recorded runtime when node is not on PATH, and fails closed when it cannot run', () => {
    assert.equal(repo.cli(['install-hook']).code, 0);
    addUnreviewedAi(repo);
    const bin = tempDir('lb-bin-');
    for (const tool of ['git', 'sh']) {
      const found = ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
      assert.ok(found, `${tool} not found`);
      fs.symlinkSync(found, path.join(bin, tool));
    }
    const noNode = { ...repo.env, PATH: bin };
    assert.notEqual(repo.gitResult(['-c', 'alias.x=!command -v node', 'x'], { env: noNode }).code, 0, 'node must not be on this PATH');
    const refused = repo.commit('refused without node on PATH', [], noNode);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /src\/auth\/login\.ts:4-4  critical  agent/, 'the CLI ran and decided');
    assert.equal(repo.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
    const allowed = repo.commit('allowed without node on PATH', [], noNode);
    assert.equal(allowed.code, 0, allowed.err);
    assert.match(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'), /"loadbearing": 1/, 'post-commit ran too');

    // The recorded runtime and CLI vanished (extension uninstalled) and there is no node: refuse, saying what to do.
    const gone = path.join(tempDir(), 'gone');
    const repoPath = findRepo(repo.root);
    assert.ok(repoPath);
    return installHooks({ repo: repoPath, cliPath: path.join(gone, 'cli.js'), runtime: { path: path.join(gone, 'node'), electron: true } }).then(() => {
      repo.write('README.md', 'changed\n');
      repo.git('add', 'README.md');
      const stuck = repo.commit('cannot run', [], noNode);
      assert.notEqual(stuck.code, 0);
      assert.match(stuck.err, /loadbearing uninstall-hook/);
      assert.match(stuck.err, /git commit --no-verify/);
    });
  });

  it('records paths with spaces and quotes safely, and falls back to node on PATH when the recorded runtime is gone', async () => {
    const odd = path.join(tempDir(), `it's a "$dir" with spaces`);
    fs.mkdirSync(odd);
    const cliCopy = copyCli(odd);
    const found = findRepo(repo.root);
    assert.ok(found);
    await installHooks({ repo: found, cliPath: cliCopy, runtime: { path: process.execPath, electron: false } });
    addUnreviewedAi(repo);
    const refused = repo.commit('refused via the oddly named CLI');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /commit refused/);

    await installHooks({ repo: found, cliPath: cliCopy, runtime: { path: path.join(odd, 'no-such-node'), electron: false } });
    const withNodeOnPath = { ...repo.env, PATH: `${path.dirname(process.execPath)}:${repo.env.PATH ?? ''}` };
    const fallback = repo.commit('refused via node on PATH', [], withNodeOnPath);
    assert.notEqual(fallback.code, 0);
    assert.match(fallback.err, /commit refused/);
    const report = await uninstallHooks({ repo: found });
    assert.deepEqual(report.hooks.map((h) => h.action), ['removed', 'removed', 'removed']);
  });

  it('chains an existing post-rewrite hook: it gets the same arguments and input, the note still moves; uninstall restores it', () => {
    const hooks = path.join(repo.gitDir(), 'hooks');
    const original = '#!/bin/sh\n# user post-rewrite\necho "args: $*" >> "$(git rev-parse --git-dir)/rewrite-seen"\ncat >> "$(git rev-parse --git-dir)/rewrite-seen"\n';
    fs.writeFileSync(path.join(hooks, 'post-rewrite'), original, { mode: 0o700 });
    fs.chmodSync(path.join(hooks, 'post-rewrite'), 0o700);
    const installed = repo.cli(['install-hook']);
    assert.equal(installed.code, 0, installed.err);
    assert.match(installed.out, /post-rewrite \(runs the previous hook first: post-rewrite\.loadbearing-previous\)/);
    addUnreviewedAi(repo);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
    assert.equal(repo.commit('reviewed').code, 0);
    const old = repo.head();
    repo.write('src/auth/login.ts', '// added on amend\n' + repo.read('src/auth/login.ts'));
    repo.git('add', 'src/auth/login.ts');
    const amended = repo.gitResult(['commit', '-q', '--amend', '--no-edit']);
    assert.equal(amended.code, 0, amended.err);
    assert.equal(fs.readFileSync(path.join(repo.gitDir(), 'rewrite-seen'), 'utf8'), `args: amend\n${old} ${repo.head()}\n`, 'the user hook saw exactly what git gave');
    const note = JSON.parse(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'));
    assert.deepEqual([note.files[0].regions[0].startLine, note.files[0].regions[0].ack.reviewer.email], [5, 'rita@example.com']);

    assert.equal(repo.cli(['uninstall-hook']).code, 0);
    assert.equal(fs.readFileSync(path.join(hooks, 'post-rewrite'), 'utf8'), original);
    assert.equal(fs.statSync(path.join(hooks, 'post-rewrite')).mode & 0o777, 0o700);
    assert.ok(!fs.existsSync(path.join(hooks, 'post-rewrite.loadbearing-previous')));
  });

  it("inside husky's post-rewrite stub the user script still gets git's input after our block; uninstall restores the stub", () => {
    const h = '#!/usr/bin/env sh\nn=$(basename "$0")\ns=$(dirname "$(dirname "$0")")/$n\n[ ! -f "$s" ] && exit 0\nsh -e "$s" "$@"\n';
    const stub = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n';
    repo.write('.husky/_/h', h);
    for (const hook of ['pre-commit', 'post-commit', 'post-rewrite']) {
      repo.write(`.husky/_/${hook}`, stub);
      fs.chmodSync(repo.path(`.husky/_/${hook}`), 0o755);
    }
    repo.write('.husky/post-rewrite', 'echo "args: $*" >> "$(git rev-parse --git-dir)/husky-rewrite"\ncat >> "$(git rev-parse --git-dir)/husky-rewrite"\n');
    repo.git('config', 'core.hooksPath', '.husky/_');
    assert.equal(repo.cli(['install-hook']).code, 0);
    addUnreviewedAi(repo);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
    assert.equal(repo.commit('reviewed').code, 0);
    const old = repo.head();
    const amended = repo.gitResult(['commit', '-q', '--amend', '-m', 'reworded']);
    assert.equal(amended.code, 0, amended.err);
    assert.equal(fs.readFileSync(path.join(repo.gitDir(), 'husky-rewrite'), 'utf8'), `args: amend\n${old} ${repo.head()}\n`);
    assert.match(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'), /rita@example\.com/, 'our block carried the note');
    assert.equal(repo.cli(['uninstall-hook']).code, 0);
    assert.equal(repo.read('.husky/_/post-rewrite'), stub);
  });

  it('leaves a foreign hook alone on uninstall and refuses to overwrite a second different one on install', async () => {
    assert.equal(repo.cli(['install-hook']).code, 0);
    const hooks = path.join(repo.gitDir(), 'hooks');
    fs.writeFileSync(path.join(hooks, 'pre-commit'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    fs.writeFileSync(path.join(hooks, 'pre-commit.loadbearing-previous'), '#!/bin/sh\necho other\n', { mode: 0o755 });
    const clash = repo.cli(['install-hook']);
    assert.equal(clash.code, 2);
    assert.match(clash.err, /already holds another one/);
    const un = repo.cli(['uninstall-hook']);
    assert.match(un.err, /left .*pre-commit alone/);
    assert.equal(fs.readFileSync(path.join(hooks, 'pre-commit'), 'utf8'), '#!/bin/sh\nexit 0\n');
  });
});
