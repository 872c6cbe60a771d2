// Policy matching: gitignore semantics case by case, nested policies, shadowing, agreement with minimatch, hostile input.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { compilePattern } from '../../core/policy/globPattern';
import { parsePolicy } from '../../core/policy/policyParser';
import { PolicyMatcher, shadowedRules } from '../../core/policy/policyMatcher';
import type { ParsedPolicy } from '../../core/policy/policyTypes';
import type { Tier } from '../../core/tier';

const SAMPLE = [
  '# pattern              tier        owners (optional, informational)',
  '/src/auth/**           critical    @security',
  '/src/payments/         critical',
  '*.tf                   high',
  '/infra/                high',
  '/docs/                 ignore',
].join('\n');

const NESTED: Record<string, string> = {
  '': '/src/ high\n*.md watch',
  'src/legacy': '* watch\n/vendor/ ignore\n/db/ critical',
  'src/legacy/deep': '/only-this.ts critical',
};

function matcherFor(files: string | Record<string, string>, caseInsensitive = false): PolicyMatcher {
  const entries = typeof files === 'string' ? [['', files] as const] : Object.entries(files);
  const policies: ParsedPolicy[] = entries.map(([dir, text]) => {
    const policy = parsePolicy(text, dir);
    assert.deepEqual(policy.problems.filter((p) => p.severity === 'error'), [], `policy in '${dir}' parses cleanly`);
    return policy;
  });
  return new PolicyMatcher(policies, { caseInsensitive });
}

interface Case {
  policy: string | Record<string, string>;
  path: string;
  /** undefined: no line matched; null: an ignore line decided. */
  tier: Tier | null | undefined;
  line?: number;
  dir?: string;
  nocase?: boolean;
  why: string;
}

const CASES: Case[] = [
  { policy: SAMPLE, path: 'src/auth/login.ts', tier: 'critical', line: 1, why: 'anchored /**' },
  { policy: SAMPLE, path: 'src/auth/oauth/google/callback.ts', tier: 'critical', line: 1, why: '/** at any depth' },
  { policy: SAMPLE, path: 'src/auth', tier: undefined, why: "trailing '/**' needs something inside" },
  { policy: SAMPLE, path: 'src/payments/stripe.ts', tier: 'critical', line: 2, why: 'folder with trailing slash' },
  { policy: SAMPLE, path: 'src/payments', tier: undefined, why: 'trailing slash: a file of that name is not the folder' },
  { policy: SAMPLE, path: 'lib/src/auth/login.ts', tier: undefined, why: 'leading slash anchors' },
  { policy: SAMPLE, path: 'main.tf', tier: 'high', line: 3, why: 'no slash: at the root' },
  { policy: SAMPLE, path: 'modules/vpc/main.tf', tier: 'high', line: 3, why: 'no slash: at any depth' },
  { policy: SAMPLE, path: 'infra/modules/main.tf', tier: 'high', line: 4, why: 'last matching line wins' },
  { policy: SAMPLE, path: 'main.tf.bak', tier: undefined, why: '* does not make a suffix optional' },
  { policy: SAMPLE, path: 'stack.tf/notes.md', tier: 'high', line: 3, why: 'a folder matching the pattern covers its contents' },
  { policy: SAMPLE, path: 'docs/guide.md', tier: null, line: 5, why: 'ignore un-marks' },
  { policy: SAMPLE, path: 'docs/examples/main.tf', tier: null, line: 5, why: 'ignore after *.tf wins' },
  { policy: SAMPLE, path: 'README.md', tier: undefined, why: 'no line matches' },
  { policy: SAMPLE, path: 'Src/auth/login.ts', tier: undefined, why: 'case-sensitive by default' },
  { policy: SAMPLE, path: 'Src/Auth/login.ts', tier: 'critical', nocase: true, why: 'caseInsensitive option' },
  { policy: SAMPLE, path: 'MAIN.TF', tier: 'high', nocase: true, why: 'caseInsensitive on a glob' },
  { policy: SAMPLE, path: '../src/auth/x.ts', tier: undefined, why: 'outside the repository' },
  { policy: SAMPLE, path: '/src/auth/x.ts', tier: undefined, why: 'absolute path' },
  { policy: SAMPLE, path: '', tier: undefined, why: 'empty path' },
  { policy: SAMPLE, path: 'src/../src/auth/x.ts', tier: undefined, why: "'..' segment" },
  { policy: SAMPLE, path: './src/auth/x.ts', tier: undefined, why: "'.' segment: not repository-relative" },
  { policy: SAMPLE, path: 'src//auth/x.ts', tier: undefined, why: 'empty segment' },
  { policy: SAMPLE, path: 'C:/src/auth/x.ts', tier: undefined, why: 'drive letter' },
  { policy: '* high', path: '/etc/passwd', tier: undefined, why: 'absolute path, even under a catch-all' },
  { policy: '* high', path: 'etc/passwd', tier: 'high', why: 'catch-all' },
  { policy: '* high', path: '../etc/passwd', tier: undefined, why: 'escaping path, even under a catch-all' },
  { policy: 'infra high', path: 'infra', tier: 'high', why: 'bare name matches a file' },
  { policy: 'infra high', path: 'a/infra/b.yaml', tier: 'high', why: 'bare name matches a folder at any depth' },
  { policy: '/infra high', path: 'infra/x.yaml', tier: 'high', why: 'anchored name without slash is a folder too' },
  { policy: '/infra high', path: 'a/infra/x.yaml', tier: undefined, why: 'anchored name only at the root' },
  { policy: 'infra/ high', path: 'a/infra/x.yaml', tier: 'high', why: "only a trailing slash: still any depth" },
  { policy: 'infra/ high', path: 'infra', tier: undefined, why: 'trailing slash: folder only' },
  { policy: 'src/*.ts high', path: 'src/a.ts', tier: 'high', why: 'slash in the middle' },
  { policy: 'src/*.ts high', path: 'src/a/b.ts', tier: undefined, why: '* does not cross /' },
  { policy: 'src/*.ts high', path: 'lib/src/a.ts', tier: undefined, why: 'slash in the middle anchors' },
  { policy: 'a/**/b watch', path: 'a/b', tier: 'watch', why: '/**/ matches zero folders' },
  { policy: 'a/**/b watch', path: 'a/x/y/b', tier: 'watch', why: '/**/ matches several folders' },
  { policy: 'a/**/b watch', path: 'a/xb', tier: undefined, why: '/**/ is whole segments' },
  { policy: 'a/**/b watch', path: 'a/x/b/c.txt', tier: 'watch', why: 'contents of a matched folder' },
  { policy: 'src/**/test/*.ts watch', path: 'src/a/b/test/c/d.ts', tier: undefined, why: '** in the middle, then a fixed tail' },
  { policy: '**/migrations/*.sql critical', path: 'db/migrations/001.sql', tier: 'critical', why: 'leading **/' },
  { policy: '**/migrations/*.sql critical', path: 'migrations/002.sql', tier: 'critical', why: 'leading **/ matches zero folders' },
  { policy: '**/migrations/*.sql critical', path: 'db/migrations/old/003.sql', tier: undefined, why: '*.sql is one segment' },
  { policy: '?.js high', path: 'a.js', tier: 'high', why: '?' },
  { policy: '?.js high', path: 'ab.js', tier: undefined, why: '? is exactly one character' },
  { policy: '?.js high', path: 'é.js', tier: 'high', why: '? on a non-ASCII character' },
  { policy: '?.js high', path: '😀.js', tier: 'high', why: '? is one code point, not one UTF-16 unit' },
  { policy: '[abc].md high', path: 'b.md', tier: 'high', why: 'class' },
  { policy: '[abc].md high', path: 'd.md', tier: undefined, why: 'class miss' },
  { policy: '[!abc].md high', path: 'd.md', tier: 'high', why: 'negated class' },
  { policy: '[!abc].md high', path: 'a.md', tier: undefined, why: 'negated class miss' },
  { policy: '[a-c]x high', path: 'bx', tier: 'high', why: 'range' },
  { policy: '[[:digit:]]*.sql high', path: '1_init.sql', tier: 'high', why: 'POSIX class' },
  { policy: '[[:digit:]]*.sql high', path: 'init.sql', tier: undefined, why: 'POSIX class miss' },
  { policy: '[A-Z]*.md high', path: 'readme.md', tier: 'high', nocase: true, why: 'caseInsensitive applies to ranges' },
  { policy: '/My\\ Documents/ critical', path: 'My Documents/plan.txt', tier: 'critical', why: 'escaped space' },
  { policy: '/My\\ Documents/ critical', path: 'My/plan.txt', tier: undefined, why: 'escaped space is part of the pattern' },
  { policy: 'with\\ space.txt high', path: 'dir/with space.txt', tier: 'high', why: 'escaped space at any depth' },
  { policy: '*.env critical', path: '.env', tier: 'critical', why: '* matches a leading dot' },
  { policy: '*.env critical', path: 'config/prod.env', tier: 'critical', why: 'suffix at any depth' },
  { policy: '/config/* watch', path: 'config/.secret', tier: 'watch', why: 'dot-file under *' },
  { policy: '.github/ high', path: '.github/workflows/ci.yml', tier: 'high', why: 'dot-folder' },
  { policy: '/données/ critical', path: 'données/x.csv', tier: 'critical', why: 'unicode folder' },
  { policy: '/données/ critical', path: 'donne\u0301es/x.csv', tier: 'critical', why: 'decomposed (macOS) form of the same name' },
  { policy: '/日本語/*.md watch', path: '日本語/読んで.md', tier: 'watch', why: 'CJK names' },
  { policy: '**/**/**/**/x high', path: 'a/b/c/x', tier: 'high', why: 'repeated **/' },
  { policy: 'foo/** high', path: 'foo', tier: undefined, why: "'foo/**' is what is inside foo" },
  { policy: '\\#hash high', path: '#hash', tier: 'high', why: 'escaped # is not a comment' },
  { policy: 'a*b*c high', path: 'abXc', tier: 'high', why: 'several stars, empty first' },
  { policy: 'a*b*c high', path: 'acb', tier: undefined, why: 'several stars, wrong order' },
  { policy: 'a**b high', path: 'aXYb', tier: 'high', why: "'**' inside a segment is a plain star" },
  { policy: 'a**b high', path: 'aX/Yb', tier: undefined, why: "'**' inside a segment does not cross /" },
  { policy: '{a,b}.ts high', path: '{a,b}.ts', tier: 'high', why: 'braces are literal, as in gitignore' },
  { policy: '{a,b}.ts high', path: 'a.ts', tier: undefined, why: 'braces do not expand' },
  { policy: '+(a).ts high', path: 'a.ts', tier: undefined, why: 'no extglobs' },
  { policy: '*.ts high\n/src/gen/ watch', path: 'src/gen/a.ts', tier: 'watch', line: 1, why: 'last match wins' },
  { policy: '/src/gen/ watch\n*.ts high', path: 'src/gen/a.ts', tier: 'high', line: 1, why: 'last match wins, reversed' },
  { policy: NESTED, path: 'src/legacy/a.ts', tier: 'watch', dir: 'src/legacy', line: 0, why: 'deeper policy overrides' },
  { policy: NESTED, path: 'src/legacy/vendor/lib.js', tier: null, dir: 'src/legacy', line: 1, why: 'ignore in a deeper policy' },
  { policy: NESTED, path: 'src/legacy/db/schema.sql', tier: 'critical', dir: 'src/legacy', line: 2, why: 'anchored to the deeper folder' },
  { policy: NESTED, path: 'db/schema.sql', tier: undefined, why: "a sub-folder's patterns do not apply above it" },
  { policy: NESTED, path: 'src/other.ts', tier: 'high', dir: '', line: 0, why: 'parent policy outside the sub-folder' },
  { policy: NESTED, path: 'src/legacy', tier: 'high', dir: '', why: 'a file named like the sub-folder is not in it' },
  { policy: NESTED, path: 'src/legacy/deep/other.ts', tier: 'watch', dir: 'src/legacy', why: 'deepest policy without a match defers' },
  { policy: NESTED, path: 'src/legacy/deep/only-this.ts', tier: 'critical', dir: 'src/legacy/deep', why: 'three levels' },
];

describe('PolicyMatcher: gitignore semantics', () => {
  it('has a large table', () => assert.ok(CASES.length >= 40));
  for (const c of CASES) {
    it(`${JSON.stringify(c.path)} → ${String(c.tier)}${c.nocase ? ' (case-insensitive)' : ''}: ${c.why}`, () => {
      const d = matcherFor(c.policy, c.nocase).decide(c.path);
      if (c.tier === undefined) {
        assert.equal(d, undefined);
        return;
      }
      assert.ok(d, 'a line decides');
      assert.equal(d.tier, c.tier);
      if (c.line !== undefined) assert.equal(d.rule.line, c.line);
      if (c.dir !== undefined) assert.equal(d.policyDir, c.dir);
    });
  }
});

describe('PolicyMatcher API', () => {
  it('tierOf is the tier of decide, null for both ignore and no match', () => {
    const m = matcherFor(SAMPLE);
    assert.equal(m.tierOf('src/auth/a.ts'), 'critical');
    assert.equal(m.tierOf('docs/a.md'), null);
    assert.equal(m.tierOf('nowhere.txt'), null);
    assert.equal(m.decide('nowhere.txt'), undefined);
  });

  it('returns the very rule object of the parsed policy', () => {
    const policy = parsePolicy(SAMPLE, '');
    const d = new PolicyMatcher([policy]).decide('src/payments/x.ts');
    assert.equal(d?.rule, policy.rules[1]);
  });

  it('does not depend on the order policies are given in', () => {
    const policies = Object.entries(NESTED).map(([dir, text]) => parsePolicy(text, dir));
    const a = new PolicyMatcher(policies);
    const b = new PolicyMatcher([...policies].reverse());
    for (const path of ['src/legacy/a.ts', 'src/x.ts', 'src/legacy/deep/only-this.ts', 'README.md']) {
      assert.deepEqual(a.decide(path), b.decide(path));
    }
  });

  it('accepts policy dirs written with slashes around them', () => {
    const m = new PolicyMatcher([parsePolicy('* critical', '/src/legacy/')]);
    assert.equal(m.decide('src/legacy/a.ts')?.policyDir, 'src/legacy');
    assert.equal(m.tierOf('src/a.ts'), null);
  });

  it('ignores a policy whose dir leaves the repository', () => {
    const m = new PolicyMatcher([{ dir: '../other', rules: parsePolicy('* critical', '').rules, problems: [] }]);
    assert.equal(m.decide('other/a.ts'), undefined);
  });

  it('matchingRules lists the paths one rule matches, whatever later lines say', () => {
    const m = matcherFor(SAMPLE);
    const paths = ['main.tf', 'infra/a.tf', 'docs/b.tf', 'src/auth/c.ts', 'x.tfvars', '../y.tf'];
    assert.deepEqual(m.matchingRules(paths, '', 2), ['main.tf', 'infra/a.tf', 'docs/b.tf']);
    assert.deepEqual(m.matchingRules(paths, '', 0), ['src/auth/c.ts']);
    assert.deepEqual(m.matchingRules(paths, '', 99), []);
    assert.deepEqual(m.matchingRules(paths, 'no/such/dir', 0), []);
  });

  it('matchingRules resolves patterns relative to the policy folder', () => {
    const m = matcherFor(NESTED);
    const paths = ['db/a.sql', 'src/legacy/db/b.sql', 'src/legacy/vendor/c.js'];
    assert.deepEqual(m.matchingRules(paths, 'src/legacy', 2), ['src/legacy/db/b.sql']);
    assert.deepEqual(m.matchingRules(paths, 'src/legacy', 0), ['src/legacy/db/b.sql', 'src/legacy/vendor/c.js']);
  });

  it('answers 50k lookups against a 200-line policy', () => {
    const lines: string[] = [];
    for (let k = 0; k < 100; k++) lines.push(`/pkg${k}/src/** high`, `*.gen${k} watch`);
    const m = matcherFor(lines.join('\n'));
    let hits = 0;
    let expected = 0;
    for (let k = 0; k < 50_000; k++) {
      if (m.decide(`pkg${k % 150}/src/mod${k}/file.ts`)) hits++;
      if (k % 150 < 100) expected++;
    }
    assert.equal(hits, expected);
    assert.equal(m.tierOf('pkg3/src/a.ts'), 'high');
    assert.equal(m.tierOf('x/y.gen7'), 'watch');
  });
});

describe('shadowedRules', () => {
  const lines = (result: ReturnType<typeof shadowedRules>) => result.map((s) => [s.rule.line, s.by.line]);

  it('finds an identical pattern later in the file, and reports the last one', () => {
    const p = parsePolicy('/a/ high\n/b/ watch\n/a/ critical\n/a/ watch', '');
    assert.deepEqual(lines(shadowedRules(p)), [[0, 3], [2, 3]]);
  });

  it('treats equivalent spellings as identical', () => {
    assert.deepEqual(lines(shadowedRules(parsePolicy('*.tf high\n**/*.tf watch', ''))), [[0, 1]]);
    assert.deepEqual(lines(shadowedRules(parsePolicy('/a/**/**/b high\n/a/**/b watch', ''))), [[0, 1]]);
  });

  it('finds a later folder or catch-all that covers a rule', () => {
    assert.deepEqual(lines(shadowedRules(parsePolicy('/src/auth/** critical\n/src/ high', ''))), [[0, 1]]);
    assert.deepEqual(lines(shadowedRules(parsePolicy('/src/auth/*.ts critical\n/src/** high', ''))), [[0, 1]]);
    assert.deepEqual(lines(shadowedRules(parsePolicy('*.ts high\n* watch', ''))), [[0, 1]]);
  });

  it('does not report rules that still decide something', () => {
    assert.deepEqual(shadowedRules(parsePolicy('/src/ high\n/src/auth/** critical', '')), []);
    assert.deepEqual(shadowedRules(parsePolicy('/src high\n/src/ watch', '')), [], "'/src' also matches a file named src");
    assert.deepEqual(shadowedRules(parsePolicy('/src/auth/** critical\n/lib/ high', '')), []);
    assert.deepEqual(shadowedRules(parsePolicy('*.ts high\n/src/ watch', '')), []);
  });

  it('with paths, finds a later rule matching every path the rule matches', () => {
    const p = parsePolicy('*.tf high\n/infra/ watch', '');
    assert.deepEqual(lines(shadowedRules(p, ['infra/a.tf', 'infra/b/c.tf', 'README.md'])), [[0, 1]]);
    assert.deepEqual(shadowedRules(p, ['infra/a.tf', 'main.tf']), []);
    assert.deepEqual(shadowedRules(p, ['README.md']), [], 'a rule matching no path is not shadowed');
  });

  it('resolves paths against a sub-folder policy', () => {
    const p = parsePolicy('*.sql high\n/db/ critical', 'svc');
    assert.deepEqual(lines(shadowedRules(p, ['svc/db/a.sql', 'db/b.sql'])), [[0, 1]]);
  });
});

/** Expected result from minimatch, with gitignore's "a matched folder covers its contents" made explicit. */
function oracle(pattern: string, path: string): boolean {
  const options = { dot: true, nobrace: true, noext: true, nocomment: true, nonegate: true, platform: 'linux' as const };
  const dirOnly = pattern.endsWith('/');
  const body = dirOnly ? pattern.slice(0, -1) : pattern;
  const glob = body.startsWith('/') ? body.slice(1) : body.includes('/') ? body : `**/${body}`;
  const parts = path.split('/');
  for (let k = 1; k <= parts.length - (dirOnly ? 1 : 0); k++) {
    if (minimatch(parts.slice(0, k).join('/'), glob, options)) return true;
  }
  return false;
}

describe('agreement with minimatch on ordinary patterns', () => {
  const segment = fc.constantFrom('a', 'b', 'ab', '*', '**', 'a*', '*b', '?', '?b', '[ab]', '[!a]', 'a*b*', '.a', '*.*', '[[:alpha:]]b');
  const pathSegment = fc.constantFrom('a', 'b', 'ab', 'ba', '.a', 'aab', 'x.y', 'abb', 'b.b');
  const pattern = fc
    .tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([lead, segs, trail]) => `${lead ? '/' : ''}${segs.join('/')}${trail ? '/' : ''}`);
  const path = fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));

  it('decides exactly the paths minimatch matches (with folders covering their contents)', () => {
    fc.assert(
      fc.property(pattern, path, (pat, p) => {
        const policy = parsePolicy(`${pat} high`, '');
        assert.deepEqual(policy.problems, []);
        const got = new PolicyMatcher([policy]).decide(p) !== undefined;
        assert.equal(got, oracle(pat, p), `pattern ${pat} path ${p}`);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hostile patterns and paths', () => {
  it('matches many-star patterns in bounded time (minimatch backtracks exponentially here)', () => {
    const m = matcherFor(`${'*a'.repeat(12)}b high`);
    assert.equal(m.decide('a'.repeat(4000)), undefined);
    assert.equal(m.tierOf(`${'a'.repeat(30)}b`), 'high');
    assert.equal(m.tierOf(`${'a'.repeat(11)}b`), null, 'needs twelve a');
  });

  it('matches many non-adjacent globstars in bounded time', () => {
    const m = matcherFor(`${'**/a/'.repeat(300)}b high`);
    assert.equal(m.decide(`${'a/'.repeat(2000)}c`), undefined);
    assert.equal(m.tierOf(`${'a/'.repeat(300)}b`), 'high');
  });

  it('collapses hundreds of repeated **/ segments', () => {
    const compiled = compilePattern(`${'**/'.repeat(500)}x`);
    assert.ok(compiled.ok);
    assert.equal(compiled.pattern.segments.length, 3);
    assert.equal(matcherFor(`${'**/'.repeat(500)}x high`).tierOf('a/b/c/x'), 'high');
  });

  it('does not expand brace bombs', () => {
    const bomb = '{a,b}'.repeat(30);
    const m = matcherFor(`${bomb} high`);
    assert.equal(m.tierOf(bomb), 'high');
    assert.equal(m.tierOf('a'.repeat(30)), null);
  });

  it('never matches paths longer than PATH_MAX', () => {
    assert.equal(matcherFor('* high').decide(`${'a/'.repeat(3000)}b`), undefined);
  });

  it('never throws on arbitrary policies and paths', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 5 }), (text, paths) => {
        const policy = parsePolicy(text, '');
        const m = new PolicyMatcher([policy, parsePolicy(text, 'a')], { caseInsensitive: paths.length % 2 === 0 });
        for (const p of paths) {
          const d = m.decide(p);
          if (d) assert.ok(policy.rules.includes(d.rule) || d.policyDir === 'a');
          m.matchingRules(paths, '', 0);
        }
        shadowedRules(policy, paths);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on malformed arguments', () => {
    const bad = { dir: 5, rules: [null, { pattern: 7 }], problems: [] } as unknown as ParsedPolicy;
    const m = new PolicyMatcher([bad, null as unknown as ParsedPolicy]);
    assert.equal(m.decide(undefined as unknown as string), undefined);
    assert.deepEqual(m.matchingRules(null as unknown as string[], '', 0), []);
    assert.deepEqual(shadowedRules(bad), []);
  });
});
