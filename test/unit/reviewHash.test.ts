// Which whitespace a review covers: the rules per file extension, the hash schemes (old exact hashes still honoured),
// and the gate, the post-commit note and `verify` agreeing with them on real repositories.
import * as assert from 'node:assert/strict';
import { decideGate } from '../../core/review/commitGate';
import { emptyLedger, findAck, Ledger, reviewHash, textHash } from '../../core/ledger/ledger';
import { normalizeWhitespace, whitespaceModeOf, type WhitespaceMode } from '../../core/tracking/whitespace';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

const same = (mode: WhitespaceMode, a: string, b: string) =>
  assert.equal(normalizeWhitespace(a, mode), normalizeWhitespace(b, mode), `${mode}: ${JSON.stringify(a)} ~ ${JSON.stringify(b)}`);
const differ = (mode: WhitespaceMode, a: string, b: string) =>
  assert.notEqual(normalizeWhitespace(a, mode), normalizeWhitespace(b, mode), `${mode}: ${JSON.stringify(a)} !~ ${JSON.stringify(b)}`);

describe('review hash and significant whitespace', () => {
  it('decides the rules by extension only', () => {
    const table: Array<[string, WhitespaceMode]> = [
      ['src/auth/a.ts', 'code'], ['x/B.JSON', 'code'], ['main.tf', 'code'], ['a.go', 'code'], ['a.rs', 'code'],
      ['app.py', 'indent'], ['views/x.pug', 'indent'], ['a.coffee', 'indent'],
      ['deploy.sh', 'text'], ['ci.yml', 'text'], ['Makefile', 'text'], ['Dockerfile', 'text'], ['.env', 'text'], ['notes', 'text'], ['a.rb', 'text'],
    ];
    for (const [path, mode] of table) assert.equal(whitespaceModeOf(path), mode, path);
  });

  it('code: what formatters change is insignificant', () => {
    same('code', 'const a={x:1,y:[1,2]};\nif(a){return a.x+1}\n', 'const a = { x: 1, y: [1, 2] };\nif (a) {\n    return a.x + 1\n}');
    same('code', '{"a":1,"b":[true,null]}', '{\n\t"a": 1,\n\t"b": [\n\t\ttrue,\n\t\tnull\n\t]\n}\n');
    same('code', 'x();   \r\n\r\n\r\ny();', 'x();\ny();');
    same('code', 'foo(a,\n    b)', 'foo(a, b)');
  });

  it('code: whitespace inside strings, between words and between operator characters is significant', () => {
    differ('code', 'run("rm -rf /tmp/x")', 'run("rm -rf / tmp/x")');
    differ('code', "q = 'a b'", "q = 'ab'");
    differ('code', 'x = `a\n  b`', 'x = `a\nb`');
    differ('code', 'return x', 'returnx');
    differ('code', 'return x', 'return\nx');
    differ('code', 'a - -b', 'a--b');
    differ('code', 'y = a / *p; z();', 'y = a /*p; z();');
    differ('code', 'y = a / /re/', 'y = a //re/');
    // An apostrophe in a comment does not open a string: trailing spaces after it stay insignificant.
    same('code', "// don't   \nx()", "// don't\nx()");
  });

  it('indent (Python): indentation and line structure are significant, the rest is not', () => {
    const reviewed = 'def f(x):\n    if x:\n        return x+1\n    return 0\n';
    same('indent', reviewed, 'def f(x):  \r\n    if x:\r\n\r\n        return x + 1\r\n    return 0');
    differ('indent', reviewed, 'def f(x):\n    if x:\n        return x+1\n        return 0\n');
    differ('indent', reviewed, 'def f(x):\n\tif x:\n\t\treturn x+1\n\treturn 0\n');
    differ('indent', 'a = f(1,\n      2)', 'a = f(1, 2)');
  });

  it('text (shell, YAML, unknown): only line endings, trailing whitespace and blank lines are insignificant', () => {
    same('text', 'rm -rf /tmp/x  \r\n\r\necho ok', 'rm -rf /tmp/x\necho ok\n');
    differ('text', 'rm -rf /tmp/x', 'rm -rf / tmp/x');
    differ('text', 'a:\n  b: 1\n', 'a:\nb: 1\n');
    differ('text', 'x=1', 'x = 1');
  });

  it('reads text full of unclosed quotes in one pass (no quadratic rescan)', function () {
    // A rescan per quote would take minutes on this input, far past the test's timeout.
    this.timeout(20_000);
    const hostile = "'".repeat(200_000) + ' x  y ' + '`'.repeat(200_000);
    assert.equal(normalizeWhitespace(hostile, 'code'), "'".repeat(200_000) + 'x y' + '`'.repeat(200_000));
  });

  describe('acknowledgments', () => {
    const reviewer = { name: 'R', email: 'r@x' };
    const ledgerWithAck = (textHash: string, path = 'src/auth/a.ts'): Ledger => {
      const ledger = emptyLedger();
      ledger.acks.push({ origin: 'o1', textHash, path, reviewer, time: 't1' });
      return ledger;
    };

    it('a review covers the region after a formatter, not after a real change', () => {
      const ledger = ledgerWithAck(reviewHash('if(a){go()}\n', 'src/auth/a.ts'));
      assert.ok(findAck(ledger, 'o1', 'if (a) {\n  go()\n}\n'));
      assert.equal(findAck(ledger, 'o1', 'if (a) {\n  go(1)\n}\n'), undefined);
      assert.equal(findAck(ledger, 'o2', 'if(a){go()}\n'), undefined, 'another origin');
    });

    it('a review of a Python file is checked with Python rules, whatever path it is asked for', () => {
      const ledger = ledgerWithAck(reviewHash('if x:\n    go()\nstop()\n', 'src/auth/a.py'), 'src/auth/a.py');
      assert.ok(findAck(ledger, 'o1', 'if x:\n    go()  \n\nstop()'));
      assert.equal(findAck(ledger, 'o1', 'if x:\n    go()\n    stop()\n'), undefined, 'stop() moved into the if');
    });

    it('reviews recorded before whitespace tolerance (exact hash, no prefix) still cover their exact text', () => {
      const legacy = textHash('if(a){go()}\n');
      assert.match(legacy, /^[0-9a-f]{32}$/);
      const ledger = ledgerWithAck(legacy);
      assert.ok(findAck(ledger, 'o1', 'if(a){go()}\r\n'));
      assert.equal(findAck(ledger, 'o1', 'if (a) { go() }\n'), undefined);
      // Reviewed again after formatting: the new acknowledgment covers it, the old one still exists.
      ledger.acks = [...ledger.acks, { origin: 'o1', textHash: reviewHash('if (a) { go() }\n', 'src/auth/a.ts'), path: 'src/auth/a.ts', reviewer, time: 't2' }];
      assert.equal(findAck(ledger, 'o1', 'if (a) {\n  go()\n}\n')?.time, 't2');
      assert.equal(findAck(ledger, 'o1', 'if(a){go()}\n')?.time, 't2', 'the latest acknowledgment that covers the text wins');
    });

    it('the gate decision accepts a formatted region and refuses a re-indented Python one', () => {
      const ts = 'keep\nif(a){go()}\nkeep\n';
      const ledger = emptyLedger();
      ledger.files['src/auth/a.ts'] = { snapshot: ts, regions: [{ origin: 'o1', start: 5, end: 17 }], updated: 't' };
      ledger.origins.o1 = { id: 'o1', source: 'paste', confidence: 'likely', time: 't', path: 'src/auth/a.ts' };
      ledger.acks.push({ origin: 'o1', textHash: reviewHash('if(a){go()}\n', 'src/auth/a.ts'), path: 'src/auth/a.ts', reviewer, time: 't' });
      const formatted = 'keep\nif (a) {\n    go()\n}\nkeep\n';
      assert.equal(decideGate(ledger, [{ path: 'src/auth/a.ts', tier: 'critical', text: formatted }], ['critical']).pass, true);
      const edited = 'keep\nif (a) {\n    go(1)\n}\nkeep\n';
      assert.equal(decideGate(ledger, [{ path: 'src/auth/a.ts', tier: 'critical', text: edited }], ['critical']).pass, false);
    });
  });

  describe('on a real repository (CLI)', function () {
    this.timeout(60_000);
    let repo: TestRepo;
    beforeEach(() => {
      repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3), 'src/auth/perm.py': 'import os\n' });
    });

    it('review, format outside VS Code, check --staged passes, commit, verify passes', () => {
      const base = repo.head();
      assert.equal(repo.cli(['install-hook']).code, 0);
      repo.write('src/auth/login.ts', numbered(3) + 'export function ok(a:number){return a>0&&a<10}\n');
      assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '4-4', '--source', 'agent']).code, 0);
      assert.equal(repo.cli(['review', 'src/auth/login.ts:4', '--yes']).code, 0);
      // What prettier would write: the region must stay one, on the lines it now spans, and stay reviewed.
      repo.write('src/auth/login.ts', numbered(3) + 'export function ok(a: number) {\n  return a > 0 && a < 10;\n}\n'.replace(';\n}', '\n}'));
      const status = JSON.parse(repo.cli(['status', '--json']).out);
      assert.deepEqual(status.map((s: { startLine: number; endLine: number; reviewed: boolean }) => [s.startLine, s.endLine, s.reviewed]), [[4, 6, true]]);
      repo.git('add', 'src/auth/login.ts');
      const checked = repo.cli(['check', '--staged']);
      assert.equal(checked.code, 0, checked.out + checked.err);
      assert.equal(repo.commit('formatted reviewed AI code').code, 0);
      const verified = repo.cli(['verify', `${base}..HEAD`]);
      assert.equal(verified.code, 0, verified.out + verified.err);
    });

    it('a significant re-indent of reviewed Python code is refused again', () => {
      repo.write('src/auth/perm.py', 'import os\nif admin:\n    allow()\ndeny()\n');
      assert.equal(repo.cli(['mark', 'src/auth/perm.py', '--lines', '2-4', '--source', 'agent']).code, 0);
      assert.equal(repo.cli(['review', 'src/auth/perm.py:2', '--yes']).code, 0);
      repo.write('src/auth/perm.py', 'import os\nif admin:  \n    allow()\n\ndeny()\n');
      repo.git('add', 'src/auth/perm.py');
      assert.equal(repo.cli(['check', '--staged']).code, 0, 'trailing spaces and a blank line are not significant');
      repo.write('src/auth/perm.py', 'import os\nif admin:\n    allow()\n    deny()\n');
      repo.git('add', 'src/auth/perm.py');
      const refused = repo.cli(['check', '--staged']);
      assert.equal(refused.code, 1, refused.out);
      assert.match(refused.out, /^src\/auth\/perm\.py:2-4  critical  agent$/m);
    });
  });
});
