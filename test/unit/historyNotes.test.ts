// Sharing notes between clones: `fetch-notes` unions a remote's notes with the local ones, never overwriting either,
// and leaves a ref that pushes as a fast-forward; `notes-merge` refuses refs git would misread.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CommitNote, parseNote, serializeNote } from '../../core/git/gitNotes';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

function note(repo: TestRepo, rev: string): CommitNote {
  return parseNote(repo.git('notes', '--ref', 'loadbearing', 'show', rev));
}

/** Adds a region to a commit's note by hand, as another clone's history might have recorded it. */
function addRegion(repo: TestRepo, rev: string, file: string, line: number, acknowledged: boolean): void {
  const n = note(repo, rev);
  const ack = acknowledged ? { reviewer: { name: 'Other', email: 'other@example.com' }, time: '2026-01-01T00:00:00.000Z' } : null;
  const region = { startLine: line, endLine: line, source: 'chat', confidence: 'likely', origin: `o${line}`, time: null, ack };
  const entry = n.files.find((f) => f.path === file);
  if (entry) entry.regions.push(region);
  else n.files.push({ path: file, tier: null, regions: [region] });
  repo.gitResult(['notes', '--ref', 'loadbearing', 'add', '-f', '-F', '-', rev], { input: serializeNote(n) });
}

function commitReviewedAi(repo: TestRepo, file: string): string {
  repo.write(file, repo.read(file) + 'fromAi();\n');
  const line = repo.read(file).split('\n').length - 1;
  assert.equal(repo.cli(['mark', file, '--lines', `${line}-${line}`, '--source', 'agent']).code, 0);
  assert.equal(repo.cli(['review', `${file}:${line}`, '--yes']).code, 0);
  repo.git('add', file);
  const committed = repo.commit(`AI in ${file}`);
  assert.equal(committed.code, 0, committed.err);
  return repo.head();
}

describe('sharing notes between clones', function () {
  this.timeout(120_000);

  it('fetch-notes --push unions both sides per commit, keeps notes only one side has, and fast-forwards the remote', () => {
    const a = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3), 'main.tf': numbered(2) });
    assert.equal(a.cli(['install-hook']).code, 0);
    const shared = commitReviewedAi(a, 'src/auth/login.ts');
    const bRoot = path.join(path.dirname(a.root), 'clone');
    a.gitResult(['clone', '-q', a.root, bRoot]);
    const b = new TestRepo(bRoot, a.home);
    b.git('config', 'user.name', 'Bob');
    b.git('config', 'user.email', 'bob@example.com');
    b.git('config', 'commit.gpgsign', 'false');
    assert.equal(b.cli(['install-hook']).code, 0);
    const first = b.cli(['fetch-notes']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /1 new/);
    assert.deepEqual(note(b, shared), note(a, shared));

    // Both clones go on: new commits with notes on each side, and each side records something else for `shared`.
    const onlyA = commitReviewedAi(a, 'main.tf');
    const onlyB = commitReviewedAi(b, 'src/auth/login.ts');
    addRegion(a, shared, 'src/auth/login.ts', 1, true);
    addRegion(b, shared, 'src/auth/login.ts', 2, false);

    const plain = b.gitResult(['fetch', 'origin', 'refs/notes/loadbearing:refs/notes/loadbearing']);
    assert.notEqual(plain.code, 0, 'a plain fetch of the diverged notes is refused (or would overwrite)');

    const synced = b.cli(['fetch-notes', 'origin', '--push']);
    assert.equal(synced.code, 0, synced.err);
    assert.match(synced.out, /1 new, 1 unioned/);
    const union = note(b, shared);
    assert.deepEqual(
      union.files[0].regions.map((r) => [r.startLine, r.ack !== null]),
      [[1, true], [2, false], [4, true]],
      'every region of both sides, once',
    );
    assert.ok(note(b, onlyA).files.length > 0, "A's note arrived");
    assert.ok(note(b, onlyB).files.length > 0, "B's own note is still there");
    assert.equal(a.git('rev-parse', 'refs/notes/loadbearing'), b.git('rev-parse', 'refs/notes/loadbearing'), 'the push fast-forwarded A');
    assert.deepEqual(note(a, shared), union);
    assert.equal(b.gitResult(['rev-parse', '-q', '--verify', 'refs/notes/loadbearing-fetched']).code, 1, 'the temporary ref is gone');

    // The union is a valid note for verify: the unacknowledged line 2 recorded by B fails the commit.
    const verify = b.cli(['verify', `${shared}~1..${shared}`]);
    assert.equal(verify.code, 1);
    assert.match(verify.out, /src\/auth\/login\.ts:2-2  critical  chat  not acknowledged/);

    assert.equal(b.cli(['fetch-notes']).out.trim(), 'merged Loadbearing notes from origin: 0 new, 0 unioned with local notes');
  });

  it('fetch-notes into a clone with no notes yet takes them; a remote without notes is said so; bad refs are refused', () => {
    const a = TestRepo.create({ 'README.md': 'x\n' });
    const bRoot = path.join(path.dirname(a.root), 'clone');
    a.gitResult(['clone', '-q', a.root, bRoot]);
    const b = new TestRepo(bRoot, a.home);
    const none = b.cli(['fetch-notes']);
    assert.equal(none.code, 0, none.err);
    assert.match(none.out, /origin has no Loadbearing notes yet/);
    a.gitResult(['notes', '--ref', 'loadbearing', 'add', '-F', '-', 'HEAD'], { input: serializeNote({ loadbearing: 1, files: [] }) });
    assert.equal(b.cli(['fetch-notes']).code, 0);
    assert.equal(b.git('rev-parse', 'refs/notes/loadbearing'), a.git('rev-parse', 'refs/notes/loadbearing'));
    assert.equal(b.cli(['notes-merge', 'refs/heads/main']).code, 2);
    assert.equal(b.cli(['notes-merge', 'no-such-notes']).code, 2);
    assert.equal(b.cli(['fetch-notes', 'no-such-remote']).code, 2);
  });
});
