// Drafting a `.loadbearing` from a repository's paths, CODEOWNERS and imports: what is proposed, why, and that it is clean.
import assert from 'node:assert/strict';
import { draftReads, fanIn } from '../../core/policy/importFanIn';
import { draftLines, draftPolicy, escapePattern, nameWords, parseCodeowners, type DraftInput } from '../../core/policy/policyDraft';
import { PolicyMatcher } from '../../core/policy/policyMatcher';
import { parsePolicy } from '../../core/policy/policyParser';
import { analyzePolicy } from '../../server/policyAnalysis';
import { policyDiagnostics } from '../../server/policyFeatures';

const UI = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `src/ui/${x}.ts`);
const FILES: Record<string, string> = {
  'src/auth/session.ts': '',
  'src/auth/login.ts': "import { money } from '../util/format';",
  'src/auth/session.test.ts': '',
  'src/payments/charge.ts': "import { money } from '../util/format.js';",
  'src/lib/tokenStore.ts': '',
  'src/lib/tokenizer.ts': '',
  'src/author/profile.ts': '',
  'src/my auth/x.ts': '',
  'src/util/format.ts': '',
  ...Object.fromEntries(UI.map((p, k) => [p, k < 4 ? "import { money } from '../util/format';\nconst x = require('./b');" : "export * from '../util/format'"])),
  'infra/main.tf': '',
  'infra/vars.tfvars': '',
  'db/migrations/001_init.sql': '',
  Dockerfile: '',
  'services/api/Dockerfile': '',
  '.github/workflows/ci.yml': '',
  'test/auth/helpers.ts': '',
  'docs/login.md': '',
  'README.md': '',
  'pkg/core.py': '',
  'pkg/__init__.py': '',
  ...Object.fromEntries(['a', 'b', 'c'].map((x) => [`pkg/${x}.py`, 'from .core import thing'])),
  'pkg/sub/d.py': 'from ..core import thing',
  'pkg/sub/e.py': 'from .. import core, other',
  'go.mod': 'module example.com/shop\n\ngo 1.22\n',
  'internal/db/db.go': 'package db',
  ...Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((x) => [`cmd/${x}/main.go`, `package main\n\nimport (\n\t"fmt"\n\t"example.com/shop/internal/db"\n)\n`])),
};
const CODEOWNERS = ['# owners', '* @everyone', '/src/ui/ @frontend', '/src/auth/ @security', '/nothing/ @ghost', '/README.md', ''].join('\n');

function input(files: Record<string, string> = FILES, codeowners: string | undefined = CODEOWNERS): DraftInput {
  return {
    paths: Object.keys(files),
    read: (p) => files[p],
    ...(codeowners !== undefined ? { codeowners: { path: '.github/CODEOWNERS', text: codeowners } } : {}),
  };
}

function tiersOf(text: string): (p: string) => string | null {
  const matcher = new PolicyMatcher([parsePolicy(text, '')]);
  return (p) => matcher.tierOf(p);
}

describe('policy draft', () => {
  const draft = draftPolicy(input());

  it('proposes critical and high lines from path names, CODEOWNERS and fan-in', () => {
    const tier = tiersOf(draft);
    const expected: Record<string, string | null> = {
      'src/auth/session.ts': 'critical',
      'src/auth/login.ts': 'critical',
      'src/payments/charge.ts': 'critical',
      'src/lib/tokenStore.ts': 'critical',
      'src/my auth/x.ts': 'critical',
      'infra/main.tf': 'high',
      'infra/vars.tfvars': 'high',
      'db/migrations/001_init.sql': 'high',
      Dockerfile: 'high',
      'services/api/Dockerfile': 'high',
      '.github/workflows/ci.yml': 'high',
      'src/util/format.ts': 'high',
      'src/ui/a.ts': 'high',
      'pkg/core.py': 'high',
      'internal/db/db.go': 'high',
      'src/lib/tokenizer.ts': null,
      'src/author/profile.ts': null,
      'test/auth/helpers.ts': null,
      'docs/login.md': null,
      'README.md': null,
      'cmd/a/main.go': null,
    };
    assert.deepEqual(Object.fromEntries(Object.keys(expected).map((p) => [p, tier(p)])), expected);
  });

  it('names the evidence of every line in a comment', () => {
    const rules = draft.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    assert.ok(rules.length >= 10, draft);
    for (const line of rules) assert.match(line, /\S\s+(critical|high)\s+.*# \S/, line);
    assert.match(draft, /^\/src\/auth\/\s+critical\s+@security\s+# folder name 'auth' \(authentication\), 2 files; CODEOWNERS: \.github\/CODEOWNERS line 4$/m);
    assert.match(draft, /^\/src\/lib\/tokenStore\.ts\s+critical\s+# file name 'token' \(tokens\)$/m);
    assert.match(draft, /^\/src\/ui\/\s+high\s+@frontend\s+# CODEOWNERS/m);
    assert.match(draft, /^\/src\/util\/format\.ts\s+high\s+# imported by 8 files, e.g. src\/auth\/login\.ts, src\/payments\/charge\.ts$/m);
    assert.match(draft, /^\/internal\/db\/\s+high\s+# package imported by 5 files/m);
    assert.match(draft, /^\*\.tf\s+high\s+# Terraform: infra\/main\.tf$/m);
    assert.match(draft, /^\/\.github\/workflows\/\s+high\s+# CI workflows, 1 file$/m);
    assert.match(draft, /# Note: \.github\/CODEOWNERS line 2 gives every file an owner \(@everyone\); not proposed\./);
    assert.doesNotMatch(draft, /ghost/, 'a CODEOWNERS entry matching nothing is not proposed');
  });

  it('puts high lines before critical ones, so a critical path is never downgraded', () => {
    const { lines } = draftLines(input());
    const firstCritical = lines.findIndex((l) => l.tier === 'critical');
    assert.ok(firstCritical > 0 && lines.slice(firstCritical).every((l) => l.tier === 'critical'));
    const withBroadOwner = draftPolicy(input(FILES, '/src/ @core\n'));
    assert.equal(tiersOf(withBroadOwner)('src/auth/session.ts'), 'critical');
    assert.equal(tiersOf(withBroadOwner)('src/lib/tokenizer.ts'), 'high');
  });

  it('parses cleanly and gets no diagnostic from the language server', () => {
    assert.deepEqual(parsePolicy(draft, '').problems, []);
    assert.deepEqual(policyDiagnostics(analyzePolicy(draft, '', { paths: Object.keys(FILES), truncated: false })), []);
  });

  it('without evidence, drafts commented examples only', () => {
    const empty = draftPolicy(input({ 'README.md': '', 'src/index.ts': '' }, undefined));
    assert.match(empty, /No evidence found/);
    assert.deepEqual(parsePolicy(empty, '').rules, []);
  });

  it('caps file lines per topic and says how many more there were', () => {
    const files = Object.fromEntries(Array.from({ length: 14 }, (_, k) => [`lib/m${k}/token.ts`, '']));
    const text = draftPolicy(input(files, undefined));
    assert.equal(text.split('\n').filter((l) => l.includes("file name 'token'")).length, 10);
    assert.match(text, /# Note: 4 more files named like tokens were not listed\./);
  });
});

describe('policy draft: pieces', () => {
  it('splits names into words', () => {
    assert.deepEqual(nameWords('AuthService.ts'), ['auth', 'service', 'ts']);
    assert.deepEqual(nameWords('OAuth2Client.ts'), ['o', 'auth2', 'client', 'ts']);
    assert.deepEqual(nameWords('JWTToken'), ['jwt', 'token']);
    assert.deepEqual(nameWords('user_session-store.go'), ['user', 'session', 'store', 'go']);
  });

  it('escapes gitignore specials in literal paths', () => {
    assert.equal(escapePattern('a b/#c[1]*?!.ts'), 'a\\ b/\\#c\\[1]\\*\\?\\!.ts');
    const parsed = parsePolicy(`/${escapePattern('a b/#c[1]*?!.ts')} high`, '');
    assert.deepEqual(parsed.problems, []);
    assert.equal(new PolicyMatcher([parsed]).tierOf('a b/#c[1]*?!.ts'), 'high');
  });

  it('reads CODEOWNERS entries with owners only', () => {
    assert.deepEqual(parseCodeowners('# c\n/a/ @x @org/team  # note\n/b/\n*.js dev@example.com\n\\#x @y\n'), [
      { line: 1, pattern: '/a/', owners: ['@x', '@org/team'] },
      { line: 3, pattern: '*.js', owners: ['dev@example.com'] },
      { line: 4, pattern: '\\#x', owners: ['@y'] },
    ]);
  });

  it('counts distinct importers per file for TS/JS, Python and Go, ignoring tests and outside paths', () => {
    const counts = Object.fromEntries(fanIn(Object.keys(FILES), (p) => FILES[p]).map((f) => [f.target, f.importers.length]));
    assert.deepEqual(counts, { 'src/util/format.ts': 8, 'pkg/core.py': 5, 'internal/db/': 5 });
    const files: Record<string, string> = { 'a/x.ts': '', ...Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`a/t${k}.test.ts`, "import './x'"])) };
    assert.deepEqual(fanIn(Object.keys(files), (p) => files[p]), []);
    const outside: Record<string, string> = Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`f${k}.ts`, "import '../../etc/passwd'"]));
    assert.deepEqual(fanIn(Object.keys(outside), (p) => outside[p]), []);
  });

  it('reads only sources and go.mod files, bounded', () => {
    const paths = ['go.mod', 'a.ts', 'b.d.ts', 'c.md', 'x.test.ts', ...Array.from({ length: 6_000 }, (_, k) => `gen/f${k}.js`)];
    const reads = draftReads(paths);
    assert.deepEqual(reads.slice(0, 2), ['go.mod', 'a.ts']);
    assert.equal(reads.length, 1 + 5_000);
  });

  it('drafts for 100k paths without reading more than the bound', () => {
    const paths = Array.from({ length: 100_000 }, (_, k) => `src/m${k % 500}/f${k}.ts`);
    let reads = 0;
    const text = draftPolicy({ paths: [...paths, 'src/auth/x.ts'], read: () => (reads++, "import './f1'") });
    assert.ok(reads <= 5_000);
    assert.match(text, /^\/src\/auth\/\s+critical/m);
  });
});
