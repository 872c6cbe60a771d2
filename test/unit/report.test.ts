// `loadbearing report` on a real repository: commits with notes (written by the real hook, then given fixed times and
// reviewers), a commit without a note, and a working ledger → exact figures in --json; the text and --html outputs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommitNote, parseNote } from '../../core/git/gitNotes';
import { Ledger, textHash } from '../../core/ledger/ledger';
import { computeReport } from '../../core/report/computeReport';
import type { ReportData } from '../../core/report/reportModel';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

const RITA = { name: 'Rita Reviewer', email: 'rita@example.com' };
const BOB = { name: 'Bob Builder', email: 'bob@example.com' };
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, 0) + minutes * 60_000).toISOString();

function mark(repo: TestRepo, file: string, lines: string, source: string, tool?: string): void {
  const r = repo.cli(['mark', file, '--lines', lines, '--source', source, ...(tool ? ['--tool', tool] : [])]);
  assert.equal(r.code, 0, r.err);
}

function append(repo: TestRepo, file: string, text: string): void {
  repo.write(file, (fs.existsSync(repo.path(file)) ? repo.read(file) : '') + text);
}

/** Rewrites HEAD's note: each region gets the time and acknowledgment `decide` gives it by path and first line. */
function fixNote(repo: TestRepo, decide: (path: string, startLine: number) => { time: string; ack: { reviewer: typeof RITA; time: string } | null }): void {
  const note: CommitNote = parseNote(repo.git('notes', '--ref', 'loadbearing', 'show', 'HEAD'));
  for (const file of note.files) for (const r of file.regions) Object.assign(r, decide(file.path, r.startLine));
  repo.git('notes', '--ref', 'loadbearing', 'add', '-f', '-m', JSON.stringify(note), 'HEAD');
}

function editLedger(repo: TestRepo, edit: (ledger: Ledger) => void): void {
  const ledger = JSON.parse(fs.readFileSync(repo.ledgerFile(), 'utf8')) as Ledger;
  edit(ledger);
  fs.writeFileSync(repo.ledgerFile(), JSON.stringify(ledger));
}

function originOf(ledger: Ledger, file: string): string {
  return ledger.files[file].regions[0].origin;
}

describe('report', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let base: string;

  before(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3), 'main.tf': numbered(2), 'README.md': 'hi\n' });
    base = repo.head();
    assert.equal(repo.cli(['install-hook']).code, 0);

    // A: 3 AI lines of 4 in a critical file (agent, claude), 2 of 2 in a high one (paste), 1 human line elsewhere.
    append(repo, 'src/auth/login.ts', 'AI a1\nAI a2\nAI a3\nhuman 4\n');
    mark(repo, 'src/auth/login.ts', '4-6', 'agent', 'claude');
    append(repo, 'main.tf', 'ai = 1\nai = 2\n');
    mark(repo, 'main.tf', '3-4', 'paste');
    append(repo, 'README.md', 'more\n');
    repo.git('add', '-A');
    assert.equal(repo.commit('A', ['--no-verify']).code, 0);
    fixNote(repo, (file) =>
      file === 'main.tf' ? { time: at(0), ack: { reviewer: BOB, time: at(120) } } : { time: at(0), ack: { reviewer: RITA, time: at(0.5) } },
    );

    // B (gate bypassed): 2 AI lines of 3 in a watched file (chat), 1 unreviewed critical line (manual), 5 human lines.
    append(repo, 'docs/guide.md', 'g1\ng2\ng3\n');
    mark(repo, 'docs/guide.md', '1-2', 'chat');
    append(repo, 'src/auth/login.ts', 'AI b\n');
    mark(repo, 'src/auth/login.ts', '8-8', 'manual');
    append(repo, 'src/util.ts', numbered(5));
    repo.git('add', '-A');
    assert.equal(repo.commit('B', ['--no-verify']).code, 0);
    fixNote(repo, (file) => ({ time: file === 'docs/guide.md' ? at(200) : at(300), ack: null }));

    // C, without hooks: no note at all.
    append(repo, 'src/auth/token.ts', numbered(3));
    repo.git('add', '-A');
    assert.equal(repo.gitResult(['-c', 'core.hooksPath=/nonexistent', 'commit', '-q', '-m', 'C']).code, 0);

    // Working tree: 2 unreviewed lines in the critical file, 1 reviewed line in the high one (agent, codex).
    append(repo, 'src/auth/login.ts', 'wip 1\nwip 2\n');
    mark(repo, 'src/auth/login.ts', '9-10', 'inline-completion');
    append(repo, 'main.tf', 'w = 1\n');
    mark(repo, 'main.tf', '5-5', 'agent', 'codex');
    editLedger(repo, (ledger) => {
      ledger.origins[originOf(ledger, 'src/auth/login.ts')].time = at(400);
      const tf = originOf(ledger, 'main.tf');
      ledger.origins[tf].time = at(500);
      ledger.acks.push({ origin: tf, textHash: textHash('w = 1\n'), path: 'main.tf', reviewer: RITA, time: at(510) });
    });
  });

  function report(...args: string[]): ReportData {
    const r = repo.cli(['report', '--json', ...args]);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as ReportData;
  }

  it('--json: AI share of added lines per tier, from the notes and the lines each commit added', () => {
    const data = report(`${base}..HEAD`);
    assert.deepEqual(data.tiers, [
      { tier: 'critical', changedLines: 8, aiLines: 4, share: 0.5 },
      { tier: 'high', changedLines: 2, aiLines: 2, share: 1 },
      { tier: 'watch', changedLines: 3, aiLines: 2, share: 2 / 3 },
      { tier: 'none', changedLines: 6, aiLines: 0, share: 0 },
    ]);
    assert.deepEqual(data.range, { spec: `${base}..HEAD`, commits: 3, withoutNote: 1, invalidNotes: 0, historyRead: true });
    assert.deepEqual(data.totals, {
      changedLines: 19,
      aiLines: 8,
      share: 8 / 19,
      regions: 6,
      reviewedRegions: 3,
      unreviewedRegions: 3,
      unreviewedLines: 5,
      reviewers: 2,
    });
  });

  it('--json: unreviewed debt per file, committed and working, most load-bearing first', () => {
    assert.deepEqual(report(`${base}..HEAD`).debt, [
      { path: 'src/auth/login.ts', tier: 'critical', regions: 2, lines: 3, committedLines: 1, workingLines: 2, oldest: at(300) },
      { path: 'docs/guide.md', tier: 'watch', regions: 1, lines: 2, committedLines: 2, workingLines: 0, oldest: at(200) },
    ]);
  });

  it('--json: time from AI edit to review, and reviews per person', () => {
    const data = report(`${base}..HEAD`);
    assert.deepEqual(data.latency, {
      reviewed: 3,
      medianSeconds: 600,
      p90Seconds: 7200,
      maxSeconds: 7200,
      buckets: [
        { label: '< 1 min', below: 60, count: 1 },
        { label: '1–10 min', below: 600, count: 0 },
        { label: '10–60 min', below: 3600, count: 1 },
        { label: '1–24 h', below: 86_400, count: 1 },
        { label: '> 1 day', below: null, count: 0 },
      ],
    });
    assert.deepEqual(data.reviewers, [
      { ...RITA, regions: 2, lines: 4, medianSeconds: 30 },
      { ...BOB, regions: 1, lines: 2, medianSeconds: 7200 },
    ]);
  });

  it('--json: sources and tools', () => {
    const data = report(`${base}..HEAD`);
    assert.deepEqual(data.sources, [
      { name: 'agent', regions: 2, lines: 4 },
      { name: 'chat', regions: 1, lines: 2 },
      { name: 'inline-completion', regions: 1, lines: 2 },
      { name: 'paste', regions: 1, lines: 2 },
      { name: 'manual', regions: 1, lines: 1 },
    ]);
    assert.deepEqual(data.tools, [
      { name: 'claude', regions: 1, lines: 3 },
      { name: 'codex', regions: 1, lines: 1 },
    ]);
  });

  it('a narrower range counts only its commits; the default takes the recent history including the first commit', () => {
    const last = report('HEAD~1..HEAD');
    assert.deepEqual({ commits: last.range.commits, withoutNote: last.range.withoutNote, changed: last.totals.changedLines }, { commits: 1, withoutNote: 1, changed: 3 });
    // Only the working tree's regions remain.
    assert.deepEqual(last.sources.map((s) => s.name), ['inline-completion', 'agent']);
    const all = report();
    assert.match(all.range.spec, /last 30 days, at most 100 commits/);
    assert.equal(all.range.commits, 4);
    assert.equal(all.range.withoutNote, 2, 'the initial commit has no note either');
  });

  it('prints readable tables by default', () => {
    const r = repo.cli(['report', `${base}..HEAD`]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /3 commits; AI wrote 8 of 19 added lines \(42%\); 5 unreviewed AI lines in 3 regions; median review after 10 min\./);
    assert.match(r.out, /^ {2}critical +8 +4 +50%$/m);
    assert.match(r.out, /^ {2}src\/auth\/login\.ts +critical +2 +3 +1 +2$/m);
    assert.match(r.out, /^ {2}Rita Reviewer <rita@example\.com> +2 +4 +30 s$/m);
    assert.match(r.out, /1 commit without a Loadbearing note/);
  });

  it('--html writes one self-contained page: charts, a CSP with a nonce, no URL, no script', () => {
    const file = path.join(path.dirname(repo.root), 'report.html');
    const r = repo.cli(['report', '--html', file, `${base}..HEAD`]);
    assert.equal(r.code, 0, r.err);
    const html = fs.readFileSync(file, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(csp, 'a CSP meta');
    assert.match(csp[1], /default-src 'none'/);
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp[1])?.[1];
    assert.ok(nonce && nonce.length >= 16, 'the stylesheet is allowed by a nonce');
    assert.ok(html.includes(`<style nonce="${nonce}">`));
    assert.doesNotMatch(html, /https?:/i, 'no URL at all');
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\son[a-z]+=|\sstyle=/i, 'nothing runs or loads, no inline style');
    assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 6, 'six charts');
    // The figures are drawn: the tier bars' captions and the debt table's rows.
    assert.ok(html.includes('4/8 · 50%'));
    assert.ok(html.includes('<td>src/auth/login.ts</td><td><span class="badge t-critical">critical</span></td><td class="num">2</td><td class="num">3</td>'));
    assert.ok(html.includes('Rita Reviewer <span class="dim">&lt;rita@example.com&gt;</span>'));
  });

  it('escapes what the repository names: a file path cannot inject markup', () => {
    const other = TestRepo.create({ '.loadbearing': POLICY });
    other.write('src/auth/<b>x".ts', 'a\nb\n');
    mark(other, 'src/auth/<b>x".ts', '1-2', 'paste');
    const file = path.join(path.dirname(other.root), 'r.html');
    assert.equal(other.cli(['report', '--html', file]).code, 0);
    const html = fs.readFileSync(file, 'utf8');
    assert.ok(html.includes('src/auth/&lt;b&gt;x&quot;.ts'));
    assert.ok(!html.includes('<b>x'));
  });

  it('bad usage exits 2 with one line: a bad range, an option given as a range, both --json and --html, an unwritable file', () => {
    for (const args of [['no-such-rev..HEAD'], ['--json', '--html', 'x.html'], ['--html', '/nonexistent/dir/r.html'], ['--frob'], ['--', '--output=x']]) {
      const r = repo.cli(['report', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });

  it('a repository without commits reports its working tree', () => {
    const empty = TestRepo.create();
    empty.write('a.ts', 'x\ny\n');
    mark(empty, 'a.ts', '1-2', 'paste');
    const r = empty.cli(['report', '--json']);
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out) as ReportData;
    assert.equal(data.range.commits, 0);
    assert.deepEqual(data.debt, [{ path: 'a.ts', tier: 'none', regions: 1, lines: 2, committedLines: 0, workingLines: 2, oldest: data.debt[0].oldest }]);
  });
});

describe('report computation', () => {
  it('counts an AI line once against the lines its commit added (a region over partly rewritten lines is capped)', () => {
    const data = computeReport({
      spec: 'x',
      commits: [{ commit: 'c1', time: at(0), author: 'a', subject: 's', added: [{ path: 'a.tf', lines: 2 }], note: 'present' }],
      regions: [{ path: 'a.tf', tier: 'high', lines: 5, source: 'paste', tool: null, time: null, reviewer: null, reviewedAt: null, commit: 'c1' }],
      tierOf: () => 'high',
      historyRead: true,
      now: new Date(at(0)),
    });
    assert.deepEqual(data.tiers[1], { tier: 'high', changedLines: 2, aiLines: 2, share: 1 });
    assert.equal(data.totals.unreviewedLines, 5, 'the debt still counts the region whole');
  });
});
