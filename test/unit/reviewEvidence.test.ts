// Review evidence: the thresholds, the on-screen accounting, `loadbearing review` in a terminal (answers piped line by
// line, a reason asked for critical code answered too fast), and the evidence in the ledger, the note and verify --json.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../cli/cli';
import { cliShimScript } from '../../core/install/cliShim';
import { parseNote } from '../../core/git/gitNotes';
import { evidenceSuffices, requiredSeconds, sanitizeEvidence, DEFAULT_THRESHOLDS } from '../../core/review/reviewEvidence';
import { VisibleTime } from '../../core/review/visibleTime';
import { copyCli, numbered, POLICY, tempDir, TestRepo } from './helpers/gitFixture';

const T = DEFAULT_THRESHOLDS;

describe('review evidence rules', () => {
  it('the time asked grows with the region: 2 s + 0.25 s per line by default; 0 and 0 ask nothing', () => {
    assert.equal(requiredSeconds(4, T), 3);
    assert.equal(requiredSeconds(100, T), 27);
    assert.equal(evidenceSuffices(undefined, 4, { minSeconds: 0, minSecondsPerLine: 0 }), true);
    assert.equal(evidenceSuffices(undefined, 4, T), false);
    assert.equal(evidenceSuffices({ secondsVisible: 3, linesSeen: 4 }, 4, T), true);
    assert.equal(evidenceSuffices({ secondsVisible: 2.9, linesSeen: 4 }, 4, T), false, 'too short');
    assert.equal(evidenceSuffices({ secondsVisible: 60, linesSeen: 3 }, 4, T), false, 'a line never seen');
    assert.equal(evidenceSuffices({ reason: 'same as the reviewed PR #12' }, 4, T), true);
    assert.equal(evidenceSuffices({ reason: 'ok' }, 4, T), false, 'a reason must say something');
  });

  it('evidence from another process keeps only well-formed known fields', () => {
    assert.deepEqual(sanitizeEvidence({ secondsVisible: 3.14159, linesSeen: 4, via: 'editor', extra: 1 }), { secondsVisible: 3.1, linesSeen: 4, via: 'editor' });
    assert.deepEqual(sanitizeEvidence({ reason: '  copied   from the spec ' }), { reason: 'copied from the spec' });
    for (const bad of [null, 'x', { secondsVisible: -1, linesSeen: 1 }, { secondsVisible: NaN, linesSeen: 1 }, { secondsVisible: 1, linesSeen: 1.5 }, { reason: 'no' }]) {
      assert.equal(sanitizeEvidence(bad), undefined, JSON.stringify(bad));
    }
  });

  it('on-screen time: only while visible, lines seen accumulate as the reader scrolls through', () => {
    const time = new VisibleTime();
    const region = (visible: number[]) => new Map([['r', { lines: 10, visible }]]);
    time.sample(0, new Map()); // not on screen for 5 s
    time.sample(5_000, region([0, 1, 2, 3])); // top 4 lines for 2 s
    time.sample(7_000, region([4, 5, 6, 7, 8, 9])); // scrolled to the rest for 2 s
    time.sample(9_000, new Map()); // scrolled away for 100 s
    time.sample(109_000, new Map());
    assert.deepEqual(time.evidence('r'), { secondsVisible: 4, linesSeen: 10, via: 'editor' });
    assert.equal(evidenceSuffices(time.evidence('r'), 10, T), false, '10 lines need 4.5 s');
    assert.deepEqual(time.evidence('never'), { secondsVisible: 0, linesSeen: 0, via: 'editor' });
  });
});

describe('loadbearing review in a terminal, with evidence', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  /** The product's defaults, not the fixture's machine speed. */
  let personEnv: NodeJS.ProcessEnv;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(2), 'main.tf': numbered(1) });
    // The AI's lines are new text, so there is something to commit.
    repo.write('src/auth/login.ts', numbered(8));
    repo.write('main.tf', numbered(3));
    personEnv = { ...repo.env, LOADBEARING_REVIEW_MIN_SECONDS: '', LOADBEARING_REVIEW_MIN_SECONDS_PER_LINE: '' };
    for (const [file, lines] of [['src/auth/login.ts', '3-5'], ['src/auth/login.ts', '7-7'], ['main.tf', '2-2']]) {
      assert.equal(repo.cli(['mark', file, '--lines', lines, '--source', 'agent']).code, 0);
    }
  });
  const acks = () => JSON.parse(fs.readFileSync(repo.ledgerFile(), 'utf8')).acks as Array<{ path: string; evidence?: Record<string, unknown> }>;

  it('with no path, reviews every blocking region from piped answers; critical code answered at once needs a reason', () => {
    // main.tf (high): y. login.ts:3-5 (critical): d, then y at once, then a reason. login.ts:7: s.
    const r = repo.cli(['review'], { env: personEnv, input: 'y\nd\ny\nmatches the reviewed design doc\ns\n' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[1\/3\] main\.tf:2-2  high/);
    assert.match(r.out, /▌     3 \| line 3\n▌     4 \| line 4\n▌     5 \| line 5\n      6 \| line 6/, 'the region with context after it');
    assert.match(r.out, /      2 \| line 2\n▌     3/, 'and context before it');
    assert.match(r.out, /^\+line 3$/m, 'd showed what the AI inserted');
    assert.match(r.err, /src\/auth\/login\.ts:3-5: you answered after \d\.\d s; critical code of 3 lines needs 2\.8 s on screen/);
    assert.match(r.out, /^reviewed src\/auth\/login\.ts:3-5  critical  agent$/m);
    assert.match(r.out, /1 skipped\. 1 still unreviewed/);
    assert.doesNotMatch(r.out, /\x1b\[/, 'no colour when stdout is not a terminal');
    const byPath = acks();
    assert.deepEqual(byPath.find((a) => a.path === 'src/auth/login.ts')?.evidence, { reason: 'matches the reviewed design doc' });
    assert.deepEqual(byPath.find((a) => a.path === 'main.tf')?.evidence?.via, 'terminal');
    assert.equal(byPath.length, 2);
  });

  it('a critical region printed and answered after the time it needs is accepted without a reason', async () => {
    let clock = 0;
    const asked: string[] = [];
    const answers = ['y', 'n'];
    let out = '';
    const code = await runCli(['review', 'src/auth/login.ts'], {
      out: (t) => (out += t + '\n'),
      err: () => undefined,
      cwd: repo.root,
      env: personEnv,
      now: () => clock,
      // The reader takes 3 s over each question.
      ask: async (q) => {
        asked.push(q);
        clock += 3_000;
        return answers.shift();
      },
      color: true,
    });
    assert.equal(code, 0, out);
    assert.equal(asked.length, 2, 'no reason was asked');
    assert.deepEqual(acks()[0].evidence, { secondsVisible: 3, linesSeen: 3, via: 'terminal' });
    assert.match(out, /\x1b\[31mcritical\x1b\[0m/, 'colour on a terminal');
    assert.match(out, /evidence: seen 3 lines for 3\.0 s in a terminal/);
  });

  it('NO_COLOR turns colour off on a terminal; an empty reason leaves critical code unreviewed', async () => {
    let out = '';
    const answers = ['y', ''];
    const code = await runCli(['review', 'src/auth/login.ts:7'], {
      out: (t) => (out += t + '\n'),
      err: () => undefined,
      cwd: repo.root,
      env: { ...personEnv, NO_COLOR: '1' },
      ask: async () => answers.shift(),
      color: true,
    });
    assert.equal(code, 1);
    assert.doesNotMatch(out, /\x1b\[/);
    assert.match(out, /not reviewed src\/auth\/login\.ts:7-7: no reason given/);
    assert.equal(fs.existsSync(repo.ledgerFile()) ? acks().length : 0, 0);
  });

  it('--yes stays refused for critical code unless it states --reason; the reason is the evidence', () => {
    const bare = repo.cli(['review', 'src/auth/login.ts:7', '--yes'], { env: personEnv });
    assert.equal(bare.code, 2);
    assert.match(bare.err, /critical: --yes acknowledges it without showing it, so give --reason TEXT/);
    assert.equal(repo.cli(['review', '--yes'], { env: personEnv }).code, 2, 'no bulk --yes over critical code');
    assert.equal(repo.cli(['review', 'src/auth/login.ts:7', '--yes', '--reason', 'ok'], { env: personEnv }).code, 2, 'a reason says something');
    const withReason = repo.cli(['review', 'src/auth/login.ts:7', '--yes', '--reason', 'generated from the schema'], { env: personEnv });
    assert.equal(withReason.code, 0, withReason.err);
    assert.deepEqual(acks()[0].evidence, { reason: 'generated from the schema' });
  });

  it('the evidence goes into the git note after the commit and into verify --json', () => {
    assert.equal(repo.cli(['install-hook']).code, 0);
    const base = repo.head();
    const r = repo.cli(['review', '--reason', 'pair-reviewed with Sam'], { env: personEnv, input: 'y\ny\ny\n' });
    assert.equal(r.code, 0, r.err);
    repo.git('add', '-A');
    const committed = repo.commit('reviewed');
    assert.equal(committed.code, 0, committed.err + committed.out);
    const note = parseNote(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'));
    const critical = note.files.find((f) => f.path === 'src/auth/login.ts');
    assert.deepEqual(critical?.regions.map((x) => x.ack?.evidence), [{ reason: 'pair-reviewed with Sam' }, { reason: 'pair-reviewed with Sam' }]);
    const high = note.files.find((f) => f.path === 'main.tf')?.regions[0].ack?.evidence;
    assert.ok(high && 'via' in high && high.via === 'terminal' && high.linesSeen === 1, 'the high region keeps what was printed');
    const verify = repo.cli(['verify', `${base}..HEAD`, '--json']);
    assert.equal(verify.code, 0, verify.out);
    const report = JSON.parse(verify.out) as { commits: Array<{ acknowledged?: Array<{ path: string; startLine: number; ack: { evidence?: unknown } }> }> };
    const seen = report.commits[0].acknowledged ?? [];
    assert.deepEqual(seen.filter((a) => a.path === 'src/auth/login.ts').map((a) => [a.startLine, a.ack.evidence]), [
      [3, { reason: 'pair-reviewed with Sam' }],
      [7, { reason: 'pair-reviewed with Sam' }],
    ]);
  });
});

describe('the loadbearing shim of VS Code terminals', () => {
  it('runs the bundled CLI with the recorded runtime, whatever the quoting of its paths, with no node on PATH', () => {
    const dir = path.join(tempDir(), "it's $(odd) `dir`");
    fs.mkdirSync(dir, { recursive: true });
    const cli = copyCli(dir);
    const shim = path.join(dir, 'loadbearing');
    fs.writeFileSync(shim, cliShimScript(cli, { path: process.execPath, electron: false }), { mode: 0o755 });
    const r = spawnSync(shim, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
    fs.rmSync(cli);
    const gone = spawnSync(shim, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    assert.equal(gone.status, 2);
    assert.match(gone.stderr, /was updated or removed; open a new terminal/);
  });
});
