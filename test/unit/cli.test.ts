// The CLI's contract: help lists every DESIGN.md command, usage errors exit 2; each command on a real repository.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../cli/cli';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd: process.cwd() });
  return { code, out, err };
}

describe('cli', () => {
  it('--help lists every command of the contract and exits 0', async () => {
    const { code, out } = await run('--help');
    assert.equal(code, 0);
    for (const name of ['check --staged', 'tier', 'status', 'review', 'mark', 'install-hook', 'uninstall-hook', 'verify']) {
      assert.match(out, new RegExp(`^  ${name}`, 'm'), `help lacks ${name}`);
    }
  });

  it('no command prints help and exits 2', async () => {
    const { code, out } = await run();
    assert.equal(code, 2);
    assert.match(out, /^usage: loadbearing/);
  });

  it('an unknown command exits 2 with a one-line reason', async () => {
    const { code, err } = await run('frobnicate');
    assert.equal(code, 2);
    assert.equal(err.trim().split('\n').length, 1);
    assert.match(err, /unknown command 'frobnicate'/);
  });

  it('<command> --help prints that command and exits 0', async () => {
    const { code, out } = await run('mark', '--help');
    assert.equal(code, 0);
    assert.match(out, /^usage: loadbearing mark <path> --lines A-B --source agent/);
  });
});

describe('cli commands on a real repository', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({
      '.loadbearing': POLICY,
      'src/auth/login.ts': numbered(6),
      'src/auth/.loadbearing': 'legacy/   high\nREADME.md  ignore\n',
      'src/auth/README.md': 'doc\n',
      'main.tf': numbered(6),
      'notes.txt': numbered(2),
    });
  });

  async function inProcess(argv: string[], options: { cwd?: string; answers?: string[] } = {}): Promise<{ code: number; out: string; err: string; asked: string[] }> {
    let out = '';
    let err = '';
    const asked: string[] = [];
    const answers = options.answers;
    const code = await runCli(argv, {
      out: (t) => (out += t + '\n'),
      err: (t) => (err += t + '\n'),
      cwd: options.cwd ?? repo.root,
      env: repo.env,
      ask: answers ? async (q) => (asked.push(q), answers.shift() ?? '') : undefined,
    });
    return { code, out, err, asked };
  }

  it('--help hides the internal post-commit command; every command has --help', async () => {
    const { out } = await run('--help');
    assert.doesNotMatch(out, /post-commit/);
    for (const name of ['check', 'tier', 'status', 'review', 'mark', 'install-hook', 'uninstall-hook', 'verify']) {
      const r = repo.cli([name, '--help']);
      assert.equal(r.code, 0, name);
      assert.match(r.out, new RegExp(`^usage: loadbearing ${name}`));
    }
  });

  it('mark then status: lines, source, tier, review state, as a table and as JSON', () => {
    const marked = repo.cli(['mark', 'src/auth/login.ts', '--lines', '2-3', '--source', 'agent', '--tool', 'claude-code']);
    assert.equal(marked.code, 0, marked.err);
    assert.equal(repo.cli(['mark', 'main.tf', '--lines', '5-6', '--source', 'paste']).code, 0);
    assert.equal(repo.cli(['mark', 'notes.txt', '--lines', '1-1', '--source', 'manual']).code, 0);
    const table = repo.cli(['status']);
    assert.match(table.out, /^src\/auth\/login\.ts:2-3  critical  agent  certain  unreviewed$/m);
    assert.match(table.out, /^main\.tf:5-6  high  paste  likely  unreviewed$/m);
    assert.match(table.out, /^notes\.txt:1-1  -  manual  certain  unreviewed$/m);

    assert.equal(repo.cli(['review', 'main.tf', '--yes']).code, 0, 'bulk review of a high file');
    const rows = JSON.parse(repo.cli(['status', '--json']).out) as Array<Record<string, unknown>>;
    assert.equal(rows.length, 3);
    for (const row of rows) {
      for (const key of ['path', 'startLine', 'endLine', 'source', 'confidence', 'tier', 'reviewed', 'reviewer', 'origin', 'time']) {
        assert.ok(key in row, `status --json lacks ${key}`);
      }
    }
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r]));
    assert.deepEqual(
      { startLine: byPath['src/auth/login.ts'].startLine, endLine: byPath['src/auth/login.ts'].endLine, tier: byPath['src/auth/login.ts'].tier },
      { startLine: 2, endLine: 3, tier: 'critical' },
    );
    assert.equal(byPath['src/auth/login.ts'].tool, 'claude-code');
    assert.equal(byPath['notes.txt'].tier, null);
    assert.equal(byPath['main.tf'].reviewed, true);
    assert.equal(byPath['main.tf'].reviewer, 'Rita Reviewer <rita@example.com>');
    assert.equal(byPath['src/auth/login.ts'].reviewed, false);
    assert.equal(byPath['src/auth/login.ts'].reviewer, null);
    assert.deepEqual(
      repo.audit().filter((e) => e.type === 'attribution').map((e) => [e.path, e.source]),
      [['src/auth/login.ts', 'agent'], ['main.tf', 'paste'], ['notes.txt', 'manual']],
    );
  });

  it('status follows the file on disk after lines are inserted above a region, and an edit voids its review', () => {
    assert.equal(repo.cli(['mark', 'main.tf', '--lines', '3-3', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['review', 'main.tf:3', '--yes']).code, 0);
    repo.write('main.tf', 'new 1\nnew 2\n' + numbered(6));
    let [row] = JSON.parse(repo.cli(['status', '--json']).out);
    assert.deepEqual([row.startLine, row.endLine, row.reviewed], [5, 5, true]);
    // An edit of the AI text itself (text typed beside it, e.g. at the end of its line, is the user's own and not AI text).
    repo.write('main.tf', 'new 1\nnew 2\n' + numbered(6).replace('line 3', 'lime 3'));
    [row] = JSON.parse(repo.cli(['status', '--json']).out);
    assert.equal(row.reviewed, false);
  });

  it('mark validates its input with exit 2 and one line', () => {
    const bad: string[][] = [
      ['mark', 'main.tf', '--source', 'agent'],
      ['mark', 'main.tf', '--lines', '3-2', '--source', 'agent'],
      ['mark', 'main.tf', '--lines', '0-2', '--source', 'agent'],
      ['mark', 'main.tf', '--lines', '5-9', '--source', 'agent'],
      ['mark', 'main.tf', '--lines', 'a-b', '--source', 'agent'],
      ['mark', 'main.tf', '--lines', '1-2', '--source', 'robot'],
      ['mark', 'main.tf', '--lines', '1-2'],
      ['mark', 'missing.tf', '--lines', '1-1', '--source', 'agent'],
      ['mark', '../outside.tf', '--lines', '1-1', '--source', 'agent'],
      ['mark', 'main.tf', 'notes.txt', '--lines', '1-1', '--source', 'agent'],
    ];
    for (const args of bad) {
      const r = repo.cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: ${r.err}`);
    }
    assert.ok(!fs.existsSync(repo.ledgerFile()), 'nothing was recorded');
  });

  it('tier prints the deciding policy line, like git check-ignore -v, from any folder', () => {
    const r = repo.cli(['tier', 'src/auth/login.ts', 'src/auth/legacy/old.ts', 'src/auth/README.md', 'main.tf', 'notes.txt']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.trim().split('\n'), [
      'src/auth/login.ts  critical  .loadbearing:2',
      'src/auth/legacy/old.ts  high  src/auth/.loadbearing:1',
      'src/auth/README.md  ignore  src/auth/.loadbearing:2',
      'main.tf  high  .loadbearing:3',
      'notes.txt  -',
    ]);
    const fromSub = repo.cli(['tier', 'login.ts', '../../main.tf'], { cwd: repo.path('src/auth') });
    assert.deepEqual(fromSub.out.trim().split('\n'), ['login.ts  critical  .loadbearing:2', '../../main.tf  high  .loadbearing:3']);
    assert.equal(repo.cli(['tier']).code, 2);
  });

  it('review: critical regions one at a time, asks without --yes, refuses without a terminal or an identity', async () => {
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '2-2', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '5-5', '--source', 'chat']).code, 0);

    // Answers are read from stdin, a terminal or a pipe; an input that ends before the first answer is a usage error.
    const noAnswer = repo.cli(['review', 'src/auth/login.ts:2']);
    assert.equal(noAnswer.code, 2);
    assert.match(noAnswer.err, /no answer on standard input.*pass --yes/);
    const bulk = repo.cli(['review', 'src/auth/login.ts', '--yes']);
    assert.equal(bulk.code, 2);
    assert.match(bulk.err, /critical.*one at a time.*give a line/);

    // Interactively, a critical file is asked region by region: yes to the first, no to the second. (repo.env asks no
    // on-screen time: the evidence tests in reviewEvidence.test.ts do.)
    const asked = await inProcess(['review', 'src/auth/login.ts'], { answers: ['y', 'n'] });
    assert.equal(asked.code, 0, asked.err);
    assert.equal(asked.asked.length, 2);
    assert.match(asked.out, /^reviewed src\/auth\/login\.ts:2-2  critical  agent$/m);
    assert.doesNotMatch(asked.out, /reviewed src\/auth\/login\.ts:5/);
    const rows = JSON.parse(repo.cli(['status', '--json']).out) as Array<{ startLine: number; reviewed: boolean }>;
    assert.deepEqual(rows.map((r) => [r.startLine, r.reviewed]), [[2, true], [5, false]]);
    assert.equal(repo.audit().filter((e) => e.type === 'acknowledgment').length, 1);

    repo.git('config', '--unset', 'user.name');
    const anonymous = repo.cli(['review', 'src/auth/login.ts:5', '--yes']);
    assert.equal(anonymous.code, 2);
    assert.match(anonymous.err, /git config user\.name/);
  });

  it('every command refuses to run outside a repository, with exit 2 and one line', () => {
    const outside = path.dirname(repo.root);
    for (const args of [['check', '--staged'], ['status'], ['tier', 'x'], ['mark', 'x', '--lines', '1-1', '--source', 'agent'], ['install-hook'], ['verify', 'HEAD']]) {
      const r = repo.cli(args, { cwd: outside });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /not inside a git repository/);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });
});
