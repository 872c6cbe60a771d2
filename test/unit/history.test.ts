// Notes across rewritten history on real repositories: amend, rebase (plain and interactive squash), cherry-pick and a
// squash merge made where no hook ran; the notes follow and `verify` passes for reviewed code, fails for unreviewed.
import * as assert from 'node:assert/strict';
import { CommitNote, parseNote } from '../../core/git/gitNotes';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

/** Appends AI lines to a file, marks them, optionally reviews them, and commits (through the hooks). */
function commitAi(repo: TestRepo, file: string, text: string, options: { review: boolean; message: string }): number {
  const before = repo.read(file).split('\n').length - 1;
  repo.write(file, repo.read(file) + text);
  const first = before + 1;
  const last = before + text.split('\n').length - 1;
  const marked = repo.cli(['mark', file, '--lines', `${first}-${last}`, '--source', 'agent']);
  assert.equal(marked.code, 0, marked.err);
  if (options.review) assert.equal(repo.cli(['review', `${file}:${first}`, '--yes']).code, 0);
  repo.git('add', file);
  const committed = repo.commit(options.message, options.review ? [] : ['--no-verify']);
  assert.equal(committed.code, 0, committed.err);
  return first;
}

/** A human change committed through the hooks: `lines` new lines at the top of the file. */
function commitTop(repo: TestRepo, file: string, lines: string, message: string): void {
  repo.write(file, lines + repo.read(file));
  repo.git('add', file);
  const committed = repo.commit(message);
  assert.equal(committed.code, 0, committed.err);
}

function note(repo: TestRepo, rev = 'HEAD'): CommitNote {
  return parseNote(repo.git('notes', '--ref', 'loadbearing', 'show', rev));
}

/** [path, startLine, endLine, acknowledged] of every region of a note. */
function regions(n: CommitNote): Array<[string, number, number, boolean]> {
  return n.files.flatMap((f) => f.regions.map((r): [string, number, number, boolean] => [f.path, r.startLine, r.endLine, r.ack !== null]));
}

/** The text of lines a..b (1-based) of a file in a commit. */
function linesAt(repo: TestRepo, rev: string, file: string, a: number, b: number): string {
  return repo.git('show', `${rev}:${file}`).split('\n').slice(a - 1, b).join('\n');
}

const REVIEWED = 'const token = sign(user);\nreturn token;\n';
const UNREVIEWED = 'resource "aws_s3_bucket" "open" {\n  acl = "public-read"\n}\n';

describe('notes across rewritten history', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let base: string;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3), 'main.tf': numbered(2), 'README.md': 'hi\n' });
    base = repo.head();
    const installed = repo.cli(['install-hook']);
    assert.equal(installed.code, 0, installed.err);
    assert.match(installed.out, /post-rewrite/);
  });

  it('amend: the note moves to the amended commit with its lines shifted; verify checks the new commit', () => {
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'reviewed' });
    const tf = commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    assert.equal(tf, 3);
    const old = repo.head();
    repo.write('main.tf', '# two lines added\n# above the AI code\n' + repo.read('main.tf'));
    repo.git('add', 'main.tf');
    const amended = repo.gitResult(['commit', '-q', '--amend', '--no-edit', '--no-verify']);
    assert.equal(amended.code, 0, amended.err);
    assert.notEqual(repo.head(), old);
    assert.deepEqual(regions(note(repo)), [['main.tf', 5, 7, false]]);
    assert.equal(linesAt(repo, 'HEAD', 'main.tf', 5, 7) + '\n', UNREVIEWED, 'the note points at the AI lines of the new commit');
    const r = repo.cli(['verify', `${base}..HEAD`]);
    assert.equal(r.code, 1);
    assert.match(r.out, /main\.tf:5-7  high  agent  not acknowledged/);
    assert.doesNotMatch(r.out, /no Loadbearing note/);
    assert.equal(repo.cli(['verify', `${base}..HEAD~1`]).code, 0, 'the reviewed commit still passes');
  });

  it('amend of a reviewed commit keeps it passing, also when new AI code is added in the amend', () => {
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'reviewed' });
    repo.write('src/auth/login.ts', '// header\n' + repo.read('src/auth/login.ts') + 'audit(user);\n');
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '7-7', '--source', 'chat']).code, 0);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:7', '--yes']).code, 0);
    repo.git('add', 'src/auth/login.ts');
    const amended = repo.gitResult(['commit', '-q', '--amend', '--no-edit']);
    assert.equal(amended.code, 0, amended.err);
    assert.deepEqual(regions(note(repo)), [['src/auth/login.ts', 5, 6, true], ['src/auth/login.ts', 7, 7, true]]);
    const r = repo.cli(['verify', `${base}..HEAD`]);
    assert.equal(r.code, 0, r.out);
  });

  it('plain rebase onto a branch that moved the AI lines: every note follows, verify tells reviewed from unreviewed', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'reviewed' });
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    repo.git('checkout', '-q', 'main');
    commitTop(repo, 'src/auth/login.ts', '// a\n// b\n// c\n', 'upstream login');
    commitTop(repo, 'main.tf', '# x\n', 'upstream tf');
    repo.git('checkout', '-q', 'feature');
    const rebased = repo.gitResult(['rebase', '-q', 'main']);
    assert.equal(rebased.code, 0, rebased.err);

    assert.deepEqual(regions(note(repo, 'HEAD~1')), [['src/auth/login.ts', 7, 8, true]]);
    assert.equal(linesAt(repo, 'HEAD~1', 'src/auth/login.ts', 7, 8) + '\n', REVIEWED);
    assert.deepEqual(regions(note(repo, 'HEAD')), [['main.tf', 4, 6, false]]);
    assert.equal(linesAt(repo, 'HEAD', 'main.tf', 4, 6) + '\n', UNREVIEWED);

    assert.equal(repo.cli(['verify', 'main..HEAD~1']).code, 0, 'the reviewed commit passes after the rebase');
    const r = repo.cli(['verify', 'main..HEAD']);
    assert.equal(r.code, 1);
    assert.match(r.out, /unreviewed: main\.tf:4-6  high  agent  not acknowledged/);
    assert.equal(r.out.match(/not acknowledged/g)?.length, 1, r.out);
  });

  it('interactive rebase with squash and fixup: one commit, one valid note holding every region', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'one' });
    commitTop(repo, 'src/auth/login.ts', '// human line\n', 'two');
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'three' });
    commitAi(repo, 'src/auth/login.ts', 'audit(user);\n', { review: true, message: 'four' });
    // pick one, squash two, fixup three, squash four: no editor, no stdin.
    const env = { ...repo.env, GIT_SEQUENCE_EDITOR: "sed -i -e '2s/^pick/squash/' -e '3s/^pick/fixup/' -e '4s/^pick/squash/'", GIT_EDITOR: 'true' };
    const rebased = repo.gitResult(['rebase', '-q', '-i', 'main'], { env });
    assert.equal(rebased.code, 0, rebased.err);
    assert.equal(repo.git('rev-list', '--count', 'main..HEAD').trim(), '1');

    const squashed = note(repo);
    assert.deepEqual(regions(squashed), [
      ['main.tf', 3, 5, false],
      ['src/auth/login.ts', 5, 6, true],
      ['src/auth/login.ts', 7, 7, true],
    ]);
    assert.equal(linesAt(repo, 'HEAD', 'src/auth/login.ts', 5, 7), 'const token = sign(user);\nreturn token;\naudit(user);');
    const r = repo.cli(['verify', 'main..HEAD']);
    assert.equal(r.code, 1);
    assert.match(r.out, /main\.tf:3-5  high  agent  not acknowledged/);
    assert.equal(r.out.match(/not acknowledged/g)?.length, 1, r.out);
  });

  it('interactive squash of reviewed commits only: verify passes', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'one' });
    commitAi(repo, 'main.tf', 'variable "x" {}\n', { review: true, message: 'two' });
    const env = { ...repo.env, GIT_SEQUENCE_EDITOR: "sed -i -e '2,$s/^pick/squash/'", GIT_EDITOR: 'true' };
    assert.equal(repo.gitResult(['rebase', '-q', '-i', 'main'], { env }).code, 0);
    assert.deepEqual(regions(note(repo)), [['main.tf', 3, 3, true], ['src/auth/login.ts', 4, 5, true]]);
    const r = repo.cli(['verify', 'main..HEAD']);
    assert.equal(r.code, 0, r.out);
  });

  it('interactive rebase with reword and an exec that amends again: the note reaches the last commit', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    const env = { ...repo.env, GIT_SEQUENCE_EDITOR: "sed -i -e '1s/^pick/reword/' -e '1a exec git commit -q --amend -m amended-by-exec'", GIT_EDITOR: 'true' };
    const rebased = repo.gitResult(['rebase', '-q', '-i', 'main'], { env });
    assert.equal(rebased.code, 0, rebased.err);
    assert.equal(repo.git('log', '-1', '--format=%s').trim(), 'amended-by-exec');
    assert.deepEqual(regions(note(repo)), [['main.tf', 3, 5, false]]);
    assert.match(repo.cli(['verify', 'main..HEAD']).out, /amended-by-exec: main\.tf:3-5  high  agent  not acknowledged$/m);
  });

  it('cherry-pick copies the note, re-anchored on the branch it lands on, with and without -x', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'reviewed' });
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    repo.git('checkout', '-q', 'main');
    commitTop(repo, 'src/auth/login.ts', '// a\n', 'upstream login');
    const before = repo.head();
    const picked = repo.gitResult(['cherry-pick', 'feature~1']);
    assert.equal(picked.code, 0, picked.err);
    assert.deepEqual(regions(note(repo)), [['src/auth/login.ts', 5, 6, true]]);
    assert.equal(repo.cli(['verify', `${before}..HEAD`]).code, 0);

    const pickedX = repo.gitResult(['cherry-pick', '-x', 'feature']);
    assert.equal(pickedX.code, 0, pickedX.err);
    assert.deepEqual(regions(note(repo)), [['main.tf', 3, 5, false]]);
    const r = repo.cli(['verify', `${before}..HEAD`]);
    assert.equal(r.code, 1);
    assert.match(r.out, /main\.tf:3-5  high  agent  not acknowledged/);
  });

  it('a squash merge made without hooks (as on a server): verify matches the AI lines by content', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'src/auth/login.ts', REVIEWED, { review: true, message: 'reviewed' });
    commitTop(repo, 'src/auth/login.ts', '// human\n', 'human');
    repo.git('checkout', '-q', 'main');
    commitTop(repo, 'main.tf', '# upstream\n', 'upstream');
    const before = repo.head();
    repo.git('merge', '-q', '--squash', 'feature');
    // The server runs no hook: no note is written for the squash commit.
    const merged = repo.gitResult(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'Feature (#1)']);
    assert.equal(merged.code, 0, merged.err);
    assert.notEqual(repo.gitResult(['notes', '--ref', 'loadbearing', 'show', 'HEAD']).code, 0, 'no note on the squash commit');
    const ok = repo.cli(['verify', `${before}..HEAD`, '--json']);
    assert.equal(ok.code, 0, ok.out);
    const report = JSON.parse(ok.out);
    assert.equal(report.commits[0].note, 'matched');

    // Unreviewed AI code squashed the same way fails, naming the lines in the squash commit.
    repo.git('checkout', '-q', 'feature');
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    repo.git('checkout', '-q', 'main');
    const before2 = repo.head();
    repo.git('merge', '-q', '--squash', 'feature');
    assert.equal(repo.gitResult(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'More (#2)']).code, 0);
    const bad = repo.cli(['verify', `${before2}..HEAD`]);
    assert.equal(bad.code, 1, bad.out);
    // main.tf on main: "# upstream", line 1, line 2, then the AI lines at 4-6.
    assert.match(bad.out, /More \(#2\): main\.tf:4-6  high  agent  not acknowledged \(found by content: AI lines of [0-9a-f]{12}\)/);
    assert.doesNotMatch(bad.out, /src\/auth\/login\.ts:\d+-\d+ .*not acknowledged/, 'the reviewed lines squashed again still pass');
  });

  it('a squash commit made locally through the hooks (empty note) is matched by content too', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--squash', 'feature');
    const merged = repo.commit('squashed locally');
    assert.equal(merged.code, 0, merged.err);
    assert.deepEqual(regions(note(repo)), [], 'post-commit knew of no AI code: the working ledger was empty');
    const r = repo.cli(['verify', 'HEAD~1..HEAD']);
    assert.equal(r.code, 1);
    assert.match(r.out, /main\.tf:3-5  high  agent  not acknowledged \(found by content/);
  });

  it('an amend that yields the same commit id (same second, nothing changed) keeps the note', () => {
    const fixed = { ...repo.env, GIT_COMMITTER_DATE: '2026-06-01T12:00:00Z', GIT_AUTHOR_DATE: '2026-06-01T12:00:00Z' };
    repo.write('main.tf', repo.read('main.tf') + UNREVIEWED);
    assert.equal(repo.cli(['mark', 'main.tf', '--lines', '3-5', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['review', 'main.tf:3', '--yes']).code, 0);
    repo.git('add', 'main.tf');
    assert.equal(repo.commit('reviewed', [], fixed).code, 0);
    const first = repo.head();
    assert.equal(repo.gitResult(['commit', '-q', '--amend', '--no-edit'], { env: fixed }).code, 0);
    assert.equal(repo.head(), first, 'git made the very same commit');
    assert.deepEqual(regions(note(repo)), [['main.tf', 3, 5, true]]);
  });

  it('notes written before line hashes are matched through the original commit, when it is still here', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    commitAi(repo, 'main.tf', UNREVIEWED, { review: false, message: 'unreviewed' });
    const old = note(repo);
    for (const f of old.files) for (const r of f.regions) delete r.lineHashes;
    repo.gitResult(['notes', '--ref', 'loadbearing', 'add', '-f', '-F', '-', 'HEAD'], { input: JSON.stringify(old) });
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--squash', 'feature');
    assert.equal(repo.gitResult(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'squash']).code, 0);
    const r = repo.cli(['verify', 'HEAD~1..HEAD']);
    assert.equal(r.code, 1);
    assert.match(r.out, /main\.tf:3-5  high  agent  not acknowledged \(found by content/);
  });

  it('a noteless commit whose changes match no note is still reported as missing its note', () => {
    repo.write('main.tf', repo.read('main.tf') + 'human = true\n');
    repo.git('add', 'main.tf');
    assert.equal(repo.gitResult(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'no hook']).code, 0);
    const r = repo.cli(['verify', `${base}..HEAD`]);
    assert.equal(r.code, 1);
    assert.match(r.out, /no Loadbearing note/);
  });
});
