// Notes after commits and `verify` for CI: passes on reviewed commits, flags bypassed and unreviewed ones.
import * as assert from 'node:assert/strict';
import { parseNote } from '../../core/git/gitNotes';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

function addAi(repo: TestRepo, file: string, text = 'const fromAi = 1;\n'): number {
  repo.write(file, repo.read(file) + text);
  const line = repo.read(file).split('\n').length - 1;
  const marked = repo.cli(['mark', file, '--lines', `${line}-${line}`, '--source', 'agent']);
  assert.equal(marked.code, 0, marked.err);
  repo.git('add', file);
  return line;
}

describe('notes and verify', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let base: string;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3), 'main.tf': numbered(2), 'README.md': 'hi\n' });
    base = repo.head();
    assert.equal(repo.cli(['install-hook']).code, 0);
  });

  it('writes a note after a reviewed commit, empties the working ledger, and verify passes', () => {
    const line = addAi(repo, 'src/auth/login.ts');
    assert.equal(repo.cli(['review', `src/auth/login.ts:${line}`, '--yes']).code, 0);
    const committed = repo.commit('reviewed AI code');
    assert.equal(committed.code, 0, committed.err);

    const note = parseNote(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'));
    assert.equal(note.files.length, 1);
    const [region] = note.files[0].regions;
    assert.deepEqual({ path: note.files[0].path, tier: note.files[0].tier, startLine: region.startLine, endLine: region.endLine, source: region.source }, {
      path: 'src/auth/login.ts',
      tier: 'critical',
      startLine: 4,
      endLine: 4,
      source: 'agent',
    });
    assert.deepEqual(region.ack?.reviewer, { name: 'Rita Reviewer', email: 'rita@example.com' });
    assert.deepEqual(JSON.parse(repo.cli(['status', '--json']).out), [], 'committed regions left the working ledger');

    const verified = repo.cli(['verify', `${base}..HEAD`]);
    assert.equal(verified.code, 0, verified.out + verified.err);
    const json = JSON.parse(repo.cli(['verify', `${base}..HEAD`, '--json']).out);
    assert.equal(json.ok, true);
    assert.equal(json.commits[0].note, 'present');
    assert.deepEqual(json.commits[0].gatedPaths, ['src/auth/login.ts']);
  });

  it('keeps uncommitted AI text in the working ledger after a partial commit', () => {
    const top = numbered(3).replace('line 1\n', 'line 1\nAI top\n');
    repo.write('main.tf', numbered(2));
    repo.write('src/auth/login.ts', top + 'AI bottom\n');
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '2-2', '--source', 'chat']).code, 0);
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '5-5', '--source', 'chat']).code, 0);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:2', '--yes']).code, 0);
    const blob = repo.gitResult(['hash-object', '-w', '--stdin'], { input: top }).out.trim();
    repo.git('update-index', '--cacheinfo', `100644,${blob},src/auth/login.ts`);
    const committed = repo.commit('top only');
    assert.equal(committed.code, 0, committed.err);
    const left = JSON.parse(repo.cli(['status', '--json']).out) as Array<{ startLine: number; reviewed: boolean }>;
    assert.deepEqual(left.map((r) => [r.startLine, r.reviewed]), [[5, false]]);
    const note = parseNote(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'));
    assert.deepEqual(note.files[0].regions.map((r) => r.startLine), [2]);
  });

  it('flags a --no-verify commit: its note records the unacknowledged lines', () => {
    const line = addAi(repo, 'main.tf');
    const bypassed = repo.commit('bypassed', ['--no-verify']);
    assert.equal(bypassed.code, 0, bypassed.err);
    const r = repo.cli(['verify', `${base}..HEAD`]);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`main\\.tf:${line}-${line}  high  agent  not acknowledged`));
    const json = JSON.parse(repo.cli(['verify', `${base}..HEAD`, '--json']).out);
    assert.equal(json.ok, false);
    assert.equal(json.commits[0].problems[0].kind, 'unacknowledged');
  });

  it('flags a commit touching gated paths with no note at all (hook not installed), but not ungated commits', () => {
    assert.equal(repo.cli(['uninstall-hook']).code, 0);
    repo.write('README.md', 'not load-bearing\n');
    repo.git('add', 'README.md');
    assert.equal(repo.commit('docs').code, 0);
    assert.equal(repo.cli(['verify', `${base}..HEAD`]).code, 0, 'an ungated commit needs no note');
    repo.write('main.tf', repo.read('main.tf') + 'human edit\n');
    repo.git('add', 'main.tf');
    assert.equal(repo.commit('no hook').code, 0);
    const r = repo.cli(['verify', `${base}..HEAD`]);
    assert.equal(r.code, 1);
    assert.match(r.out, /no hook: no Loadbearing note: the hook was bypassed \(--no-verify\) or not installed; gated paths: main\.tf/);
    const json = JSON.parse(repo.cli(['verify', `${base}..HEAD`, '--json']).out);
    assert.deepEqual(json.commits.map((c: { note: string }) => c.note), ['missing', 'not-needed']);
  });

  it("uses each commit's own policy, not the work tree's", () => {
    assert.equal(repo.cli(['uninstall-hook']).code, 0);
    repo.write('plain.txt', 'x\n');
    repo.git('add', 'plain.txt');
    assert.equal(repo.commit('plain file, not gated at this commit').code, 0);
    repo.write('.loadbearing', POLICY + 'plain.txt critical\n');
    assert.equal(repo.cli(['tier', 'plain.txt']).out.trim(), 'plain.txt  critical  .loadbearing:5');
    assert.equal(repo.cli(['verify', `${base}..HEAD`]).code, 0, 'the work tree policy gates plain.txt, the commit did not');
    repo.git('add', '.loadbearing');
    repo.write('plain.txt', 'y\n');
    repo.git('add', 'plain.txt');
    assert.equal(repo.commit('now gated').code, 0);
    assert.equal(repo.cli(['verify', `${base}..HEAD`]).code, 1);
  });

  it('exits 2 with one line on a bad range', () => {
    const r = repo.cli(['verify', 'no-such-rev..HEAD']);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.equal(repo.cli(['verify']).code, 2);
  });
});
