// The commit gate: the pure decision, and `check --staged` on real repositories (staged content only, fail closed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decideGate, formatRegionLine, parseTierList } from '../../core/review/commitGate';
import { emptyLedger, Ledger, textHash } from '../../core/ledger/ledger';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

function ledgerWith(path: string, snapshot: string, start: number, end: number): Ledger {
  const ledger = emptyLedger();
  ledger.files[path] = { snapshot, regions: [{ origin: 'o1', start, end }], updated: '2026-01-01T00:00:00Z' };
  ledger.origins.o1 = { id: 'o1', source: 'paste', confidence: 'certain', time: '2026-01-01T00:00:00Z', path };
  return ledger;
}

describe('commit gate decision', () => {
  const text = 'keep\nAI line\nkeep\n';
  const start = text.indexOf('AI');
  const end = text.indexOf('keep', start);

  it('blocks an unacknowledged region of a gated file, with 1-based lines', () => {
    const decision = decideGate(ledgerWith('a.ts', text, start, end), [{ path: 'a.ts', tier: 'critical', text }], ['critical', 'high']);
    assert.equal(decision.pass, false);
    assert.deepEqual(decision.blocking.map(formatRegionLine), ['a.ts:2-2  critical  paste']);
  });

  it('passes once an acknowledgment covers the region text, and fails again when the text changes', () => {
    const ledger = ledgerWith('a.ts', text, start, end);
    ledger.acks.push({ origin: 'o1', textHash: textHash('AI line\n'), path: 'a.ts', reviewer: { name: 'R', email: 'r@x' }, time: 't' });
    assert.equal(decideGate(ledger, [{ path: 'a.ts', tier: 'high', text }], ['critical', 'high']).pass, true);
    const edited = text.replace('AI line', 'AI lime');
    assert.equal(decideGate(ledger, [{ path: 'a.ts', tier: 'high', text: edited }], ['critical', 'high']).pass, false);
  });

  it('ignores ungated tiers, untiered files and whitespace-only regions', () => {
    const ledger = ledgerWith('a.ts', text, start, end);
    assert.equal(decideGate(ledger, [{ path: 'a.ts', tier: 'watch', text }], ['critical', 'high']).pass, true);
    assert.equal(decideGate(ledger, [{ path: 'a.ts', tier: null, text }], ['critical', 'high']).pass, true);
    const blank = 'keep\n   \nkeep\n';
    assert.equal(decideGate(ledgerWith('a.ts', blank, 5, 9), [{ path: 'a.ts', tier: 'critical', text: blank }], ['critical']).pass, true);
  });

  it('does not block when the region text is not in the staged text', () => {
    const staged = 'keep\nkeep\n';
    assert.equal(decideGate(ledgerWith('a.ts', text, start, end), [{ path: 'a.ts', tier: 'critical', text: staged }], ['critical']).pass, true);
  });

  it('parses tier lists and rejects unknown tiers', () => {
    assert.deepEqual(parseTierList('critical, high'), ['critical', 'high']);
    assert.throws(() => parseTierList('critical,urgent'), /unknown tier 'urgent'/);
  });
});

describe('check --staged', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(5), 'main.tf': numbered(3), 'docs/x.md': numbered(3) });
  });

  it('passes without a ledger, refuses an unreviewed staged region, and passes after review', () => {
    repo.write('src/auth/login.ts', numbered(5).replace('line 3\n', 'line 3\nconst token = ai();\n'));
    assert.equal(repo.cli(['check', '--staged']).code, 0, 'no ledger is a pass');
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '4-4', '--source', 'agent']).code, 0);
    repo.git('add', 'src/auth/login.ts');
    const refused = repo.cli(['check', '--staged']);
    assert.equal(refused.code, 1, refused.err);
    assert.match(refused.out, /^src\/auth\/login\.ts:4-4  critical  agent$/m);
    assert.match(refused.out, /loadbearing\.reviewRegion/);
    assert.match(refused.out, /loadbearing\.showReviewQueue/);
    assert.match(refused.out, /loadbearing review src\/auth\/login\.ts:4/);
    const reviewed = repo.cli(['review', 'src/auth/login.ts:4', '--yes']);
    assert.equal(reviewed.code, 0, reviewed.err);
    assert.match(reviewed.out, /^reviewed src\/auth\/login\.ts:4-4/m);
    assert.equal(repo.cli(['check', '--staged']).code, 0);
    const gates = repo.audit().filter((e) => e.type === 'gate').map((e) => e.decision);
    assert.deepEqual(gates, ['pass', 'refused', 'pass']);
  });

  it('decides on the staged text only (partial staging)', () => {
    const base = numbered(6);
    // Work tree: AI text at the top and the bottom; only the top part will be staged.
    const full = base.replace('line 1\n', 'line 1\nAI top\n').replace('line 6\n', 'line 6\nAI bottom\n');
    repo.write('src/auth/login.ts', full);
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '2-2', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '8-8', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:2', '--yes']).code, 0);

    // Stage a version holding only the reviewed top region, as `git add -p` would.
    const blob = repo.gitResult(['hash-object', '-w', '--stdin'], { input: base.replace('line 1\n', 'line 1\nAI top\n') }).out.trim();
    repo.git('update-index', '--cacheinfo', `100644,${blob},src/auth/login.ts`);
    const partial = repo.cli(['check', '--staged']);
    assert.equal(partial.code, 0, partial.out + partial.err);

    // Staging the whole file brings the unreviewed bottom region in.
    repo.git('add', 'src/auth/login.ts');
    const whole = repo.cli(['check', '--staged']);
    assert.equal(whole.code, 1);
    assert.match(whole.out, /^src\/auth\/login\.ts:8-8  critical  agent$/m);
    assert.doesNotMatch(whole.out, /login\.ts:2-2/);
  });

  it('partial staging through git apply --cached keeps unstaged AI text out of the decision', () => {
    repo.write('main.tf', numbered(3) + 'resource "ai" {}\n');
    assert.equal(repo.cli(['mark', 'main.tf', '--lines', '4-4', '--source', 'chat']).code, 0);
    repo.write('src/auth/login.ts', numbered(5) + 'human line\n');
    const patch = repo.git('diff', '--', 'src/auth/login.ts');
    repo.gitResult(['apply', '--cached', '-'], { input: patch });
    assert.equal(repo.cli(['check', '--staged']).code, 0, 'main.tf is not staged');
    repo.git('add', 'main.tf');
    const out = repo.cli(['check', '--staged']);
    assert.equal(out.code, 1);
    assert.match(out.out, /^main\.tf:4-4  high  chat$/m);
  });

  it('gates only the configured tiers: --tiers and LOADBEARING_GATE_TIERS', () => {
    repo.write('docs/x.md', numbered(3) + 'AI doc\n');
    assert.equal(repo.cli(['mark', 'docs/x.md', '--lines', '4-4', '--source', 'paste']).code, 0);
    repo.git('add', 'docs/x.md');
    assert.equal(repo.cli(['check', '--staged']).code, 0, 'watch never blocks by default');
    assert.equal(repo.cli(['check', '--staged', '--tiers', 'watch']).code, 1);
    assert.equal(repo.cli(['check', '--staged'], { env: { ...repo.env, LOADBEARING_GATE_TIERS: 'critical,watch' } }).code, 1);
    const bad = repo.cli(['check', '--staged', '--tiers', 'urgent']);
    assert.equal(bad.code, 2);
    assert.equal(bad.err.trim().split('\n').length, 1);
  });

  it('fails closed on a corrupted ledger, saying what is wrong and how to recover', () => {
    repo.write('src/auth/login.ts', numbered(5) + 'AI\n');
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '6-6', '--source', 'agent']).code, 0);
    repo.git('add', 'src/auth/login.ts');
    const index = path.join(path.dirname(repo.ledgerFile()), 'ledger-index.txt');
    assert.ok(fs.existsSync(index), "the gate's index of the ledger was written with it; it must not vouch for other bytes");
    fs.writeFileSync(repo.ledgerFile(), '{"version":1,"files":');
    const corrupted = repo.cli(['check', '--staged']);
    assert.equal(corrupted.code, 1);
    assert.match(corrupted.out, /ledger .*ledger\.json is corrupted \(not valid JSON/);
    assert.match(corrupted.out, /To recover/);

    // Moved aside (as the server or `status --repair` does): still refused until the user deals with it.
    const repair = repo.cli(['status', '--repair']);
    assert.match(repair.err, /moved to .*ledger\.corrupt-/);
    const quarantined = repo.cli(['check', '--staged']);
    assert.equal(quarantined.code, 1);
    assert.match(quarantined.out, /ledger was corrupted and moved to .*ledger\.corrupt-/);
    assert.match(quarantined.out, /delete it to accept losing its records/);
    for (const file of fs.readdirSync(path.dirname(repo.ledgerFile()))) {
      if (file.startsWith('ledger.corrupt-')) fs.rmSync(path.join(path.dirname(repo.ledgerFile()), file));
    }
    assert.equal(repo.cli(['check', '--staged']).code, 0, 'after deleting the moved file the (empty) ledger passes');
  });

  it('fails closed on a ledger corrupted by hand outside the staged files, with the size and mtime it had', () => {
    // Its index still describes the staged file's slices exactly: only a check of the whole file can see the corruption.
    repo.write('src/auth/login.ts', numbered(5) + 'AI\n');
    repo.write('main.tf', numbered(3) + 'AI\n');
    assert.equal(repo.cli(['mark', 'main.tf', '--lines', '4-4', '--source', 'chat']).code, 0);
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '6-6', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['review', 'src/auth/login.ts:6', '--yes', '--reason', 'read it closely']).code, 0);
    repo.git('add', 'src/auth/login.ts');
    assert.equal(repo.cli(['check', '--staged']).code, 0);
    const file = repo.ledgerFile();
    const text = fs.readFileSync(file, 'utf8');
    const before = fs.statSync(file);
    const at = text.indexOf('"start":', text.indexOf('"main.tf":'));
    fs.writeFileSync(file, `${text.slice(0, at)}"start":"${text.slice(at + 9)}`); // in place, same size: not valid JSON
    fs.utimesSync(file, before.atime, before.mtime);
    assert.equal(fs.statSync(file).size, before.size);
    const corrupted = repo.cli(['check', '--staged']);
    assert.equal(corrupted.code, 1, corrupted.out + corrupted.err);
    assert.match(corrupted.out, /ledger .*ledger\.json is corrupted \(not valid JSON/);
  });

  it('refuses bad usage with exit 2 and one line', () => {
    for (const args of [['check'], ['check', '--staged', 'extra'], ['check', '--bogus']]) {
      const r = repo.cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });

  it('works from a sub-folder', () => {
    repo.write('src/auth/login.ts', numbered(5) + 'AI\n');
    assert.equal(repo.cli(['mark', 'login.ts', '--lines', '6-6', '--source', 'agent'], { cwd: repo.path('src/auth') }).code, 0);
    repo.git('add', '-A');
    const r = repo.cli(['check', '--staged'], { cwd: repo.path('src') });
    assert.equal(r.code, 1);
    assert.match(r.out, /^src\/auth\/login\.ts:6-6  critical  agent$/m);
  });
});
