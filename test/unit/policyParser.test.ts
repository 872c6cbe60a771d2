// Policy parsing: fields, comments, escapes, exact problem positions, and bounded handling of hostile files.
import assert from 'node:assert/strict';
import { MAX_LINE_LENGTH, MAX_PROBLEMS, MAX_RULES, parsePolicy } from '../../core/policy/policyParser';
import type { PolicyProblem } from '../../core/policy/policyTypes';

/** The single problem of a one-line policy, as [code, start, end]. */
function problemOf(line: string): [string, number, number] {
  const { problems, rules } = parsePolicy(line, '');
  assert.equal(problems.length, 1, `one problem for ${JSON.stringify(line)}: ${JSON.stringify(problems)}`);
  assert.equal(problems[0].line, 0);
  assert.deepEqual(rules, [], 'the line is not a rule');
  return [problems[0].code, problems[0].span.start, problems[0].span.end];
}

describe('parsePolicy: rules', () => {
  it('reads the sample from the design', () => {
    const text = [
      '# pattern              tier        owners (optional, informational)',
      '/src/auth/**           critical    @security',
      '/src/payments/         critical',
      '*.tf                   high',
      '/infra/                high',
      '/docs/                 ignore',
    ].join('\n');
    const p = parsePolicy(text, '');
    assert.deepEqual(p.problems, []);
    assert.equal(p.dir, '');
    assert.deepEqual(
      p.rules.map((r) => [r.line, r.pattern, r.tier, r.owners]),
      [
        [1, '/src/auth/**', 'critical', ['@security']],
        [2, '/src/payments/', 'critical', []],
        [3, '*.tf', 'high', []],
        [4, '/infra/', 'high', []],
        [5, '/docs/', 'ignore', []],
      ],
    );
    assert.deepEqual(p.rules[0].patternSpan, { start: 0, end: 12 });
    assert.deepEqual(p.rules[0].tierSpan, { start: 23, end: 31 });
  });

  it('keeps several owners and drops a trailing comment', () => {
    const [r] = parsePolicy('/src/  high  @a  b@example.com # reviewed by both', '').rules;
    assert.deepEqual(r.owners, ['@a', 'b@example.com']);
  });

  it("treats '#' inside a field as text, and an indented '#' as a comment", () => {
    const p = parsePolicy('   # indented comment\nissue#12.md watch @o#1', '');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.rules.map((r) => [r.line, r.pattern, r.owners]), [[1, 'issue#12.md', ['@o#1']]]);
  });

  it('keeps escaped spaces in the pattern and spans them', () => {
    const [r] = parsePolicy('/My\\ Documents/\\ x  high', '').rules;
    assert.equal(r.pattern, '/My\\ Documents/\\ x');
    assert.deepEqual(r.patternSpan, { start: 0, end: 18 });
    assert.deepEqual(r.tierSpan, { start: 20, end: 24 });
  });

  it('splits on tabs, and on CRLF, CR and LF line ends', () => {
    const p = parsePolicy('a\thigh\r\nb\t\twatch\rc critical\n', '');
    assert.deepEqual(p.rules.map((r) => [r.line, r.pattern, r.tier, r.tierSpan.start]), [
      [0, 'a', 'high', 2],
      [1, 'b', 'watch', 3],
      [2, 'c', 'critical', 2],
    ]);
  });

  it('skips a byte-order mark without shifting columns', () => {
    const [r] = parsePolicy('\uFEFF/x high', '').rules;
    assert.equal(r.pattern, '/x');
    assert.deepEqual(r.patternSpan, { start: 1, end: 3 });
  });

  it('counts columns in UTF-16 units', () => {
    const p = parsePolicy('/😀/ critcal', '');
    assert.deepEqual(p.problems[0].span, { start: 5, end: 12 });
  });

  it('normalizes the folder it is given', () => {
    assert.equal(parsePolicy('', './src/legacy/').dir, 'src/legacy');
    assert.equal(parsePolicy('', '/').dir, '');
  });

  it('returns nothing for empty and comment-only text', () => {
    assert.deepEqual(parsePolicy('', ''), { dir: '', rules: [], problems: [] });
    assert.deepEqual(parsePolicy('# a\n\n   \n\t# b', 'x'), { dir: 'x', rules: [], problems: [] });
  });
});

describe('parsePolicy: problems and their positions', () => {
  it('unknown tier: spans the word and suggests the closest tier', () => {
    const p = parsePolicy('/src/  critcal  @a', '');
    assert.equal(p.rules.length, 0);
    const [e] = p.problems;
    assert.deepEqual([e.code, e.severity, e.line, e.span], ['unknown-tier', 'error', 0, { start: 7, end: 14 }]);
    assert.match(e.message, /did you mean 'critical'\?/);
  });

  it('unknown tier: upper case is refused with the lower-case suggestion', () => {
    const [e] = parsePolicy('# x\n/a Watch', '').problems;
    assert.deepEqual([e.code, e.line, e.span], ['unknown-tier', 1, { start: 3, end: 8 }]);
    assert.match(e.message, /did you mean 'watch'\?/);
  });

  it('unknown tier: no suggestion for an unrelated word', () => {
    const [e] = parsePolicy('/a banana', '').problems;
    assert.doesNotMatch(e.message, /did you mean/);
    assert.match(e.message, /'critical', 'high', 'watch', 'ignore'/);
  });

  it('missing tier: spans the pattern', () => {
    const p = parsePolicy('\n  /src/auth/   # todo', '');
    assert.deepEqual(p.problems.map((e) => [e.code, e.line, e.span]), [['missing-tier', 1, { start: 2, end: 12 }]]);
  });

  it('invalid patterns point at the offending part', () => {
    assert.deepEqual(problemOf('/src/[abc high'), ['invalid-pattern', 5, 9]);
    assert.deepEqual(problemOf('  a[[:foo:]]b high'), ['invalid-pattern', 4, 11]);
    assert.deepEqual(problemOf('x[z-a] high'), ['invalid-pattern', 2, 5]);
    assert.deepEqual(problemOf('a[b/c] high'), ['invalid-pattern', 1, 4]);
    assert.deepEqual(problemOf('!secret high'), ['invalid-pattern', 0, 1]);
    assert.deepEqual(problemOf('/ high'), ['invalid-pattern', 0, 1]);
    assert.deepEqual(problemOf('a//b high'), ['invalid-pattern', 1, 3]);
    assert.deepEqual(problemOf('./src high'), ['invalid-pattern', 0, 1]);
  });

  it('a lone backslash at the end of the line is an invalid pattern (and leaves no tier)', () => {
    const p = parsePolicy('foo\\', '');
    assert.deepEqual(p.problems.map((e) => [e.code, e.span.start, e.span.end]), [
      ['missing-tier', 0, 4],
      ['invalid-pattern', 3, 4],
    ]);
  });

  it('reports both a bad pattern and a bad tier on one line', () => {
    const p = parsePolicy('[x hgh', '');
    assert.deepEqual(p.problems.map((e) => [e.code, e.span.start, e.span.end]), [
      ['invalid-pattern', 0, 2],
      ['unknown-tier', 3, 6],
    ]);
  });

  it('patterns escaping the folder point at the escape', () => {
    assert.deepEqual(problemOf('../x high'), ['pattern-escapes-folder', 0, 2]);
    assert.deepEqual(problemOf('/a/../b high'), ['pattern-escapes-folder', 3, 5]);
    assert.deepEqual(problemOf('//server/share high'), ['pattern-escapes-folder', 0, 2]);
    assert.deepEqual(problemOf('C:\\Windows high'), ['pattern-escapes-folder', 0, 3]);
    assert.deepEqual(problemOf('c:/x high'), ['pattern-escapes-folder', 0, 3]);
  });

  it('accepts look-alikes of escapes', () => {
    const p = parsePolicy('a..b high\n/x/..y/ high\n\\!important watch\n[]] high\n[!]]x watch', '');
    assert.deepEqual(p.problems, []);
    assert.equal(p.rules.length, 5);
  });

  it('duplicate rule: warns on the earlier line, which has no effect', () => {
    const p = parsePolicy('/a/ high\n/b/ watch\n  /a/ critical', '');
    assert.equal(p.rules.length, 3, 'both lines are still rules');
    const [w] = p.problems;
    assert.deepEqual([w.code, w.severity, w.line, w.span], ['duplicate-rule', 'warning', 0, { start: 0, end: 3 }]);
    assert.match(w.message, /Line 3/);
  });

  it('duplicate rule: spots equivalent spellings', () => {
    const p = parsePolicy('*.tf high\n**/*.tf high\n/**/*.tf high', '');
    assert.deepEqual(p.problems.map((e) => [e.code, e.line]), [['duplicate-rule', 0], ['duplicate-rule', 1]]);
  });

  it('does not call different folders duplicates', () => {
    assert.deepEqual(parsePolicy('/infra high\n/infra/ high\ninfra/ high\n/infra/*.tf high', '').problems, []);
  });

  it("calls '/x/' and '/x/**' duplicates: both are exactly what is inside x", () => {
    assert.deepEqual(parsePolicy('/x/ high\n/x/** watch', '').problems.map((e) => [e.code, e.line]), [['duplicate-rule', 0]]);
  });

  it('sorts problems by position', () => {
    const p = parsePolicy('b hgh\n/a/ high\n[ high\n/a/ watch', '');
    const pos = p.problems.map((e: PolicyProblem) => e.line);
    assert.deepEqual(pos, [0, 1, 2]);
  });
});

describe('parsePolicy: hostile input', () => {
  it('binary content: one error at the first NUL, no rules', () => {
    const p = parsePolicy('/a high\n/b hi\0gh\n\0\0\0', '');
    assert.deepEqual(p.rules, []);
    assert.equal(p.problems.length, 1);
    assert.deepEqual([p.problems[0].code, p.problems[0].line, p.problems[0].span], ['binary-content', 1, { start: 5, end: 6 }]);
  });

  it('a 100k-character line is refused whole; later lines still count', () => {
    const long = `${'a'.repeat(100_000)} high`;
    const p = parsePolicy(`/x high\n${long}\n/y watch`, '');
    assert.deepEqual(p.rules.map((r) => r.pattern), ['/x', '/y']);
    assert.deepEqual(p.problems.map((e) => [e.code, e.line, e.span]), [['line-too-long', 1, { start: 0, end: long.length }]]);
  });

  it('the length limit is exact', () => {
    const atLimit = `${'a'.repeat(MAX_LINE_LENGTH - 5)} high`;
    assert.equal(atLimit.length, MAX_LINE_LENGTH);
    assert.equal(parsePolicy(atLimit, '').rules.length, 1);
    assert.equal(parsePolicy(`${atLimit} `, '').problems[0].code, 'line-too-long');
  });

  it('a very long comment line is harmless', () => {
    assert.deepEqual(parsePolicy(`# ${'x'.repeat(100_000)}`, ''), { dir: '', rules: [], problems: [] });
  });

  it('too many rules: keeps the first ones and reports once where the cap is hit', () => {
    const lines = Array.from({ length: MAX_RULES + 50 }, (_, k) => `/f${k} high`);
    const p = parsePolicy(`# header\n${lines.join('\n')}`, '');
    assert.equal(p.rules.length, MAX_RULES);
    assert.deepEqual(p.problems.map((e) => [e.code, e.line, e.span]), [['too-many-rules', MAX_RULES + 1, { start: 0, end: `/f${MAX_RULES}`.length }]]);
  });

  it('a 1 MB file of mostly broken lines gives a capped list of problems', () => {
    const chunk = '[unterminated high\n/ok/** watch\n../up high\n{a,b}{a,b}{a,b} critical\n';
    const text = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
    const p = parsePolicy(text, '');
    assert.ok(text.length >= 1_000_000);
    assert.ok(p.problems.length <= MAX_PROBLEMS + 1, `${p.problems.length} problems`);
    assert.equal(p.rules.length, MAX_RULES);
    assert.ok(p.problems.some((e) => e.code === 'too-many-rules'));
  });

  it('brace bombs, globstar chains and bracket storms parse without expanding', () => {
    const p = parsePolicy(`${'{a,b}'.repeat(30)} high\n${'**/'.repeat(800)}x high\n${'['.repeat(4000)} high`, '');
    assert.deepEqual(p.rules.map((r) => r.line), [0, 1]);
    assert.deepEqual(p.problems.map((e) => [e.code, e.line, e.span.start]), [['invalid-pattern', 2, 0]]);
  });
});
