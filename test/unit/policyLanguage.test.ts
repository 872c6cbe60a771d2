// Language support for `.loadbearing`: diagnostics, completion, hover and symbols from fake inputs, no connection.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver';
import type { GitRepo } from '../../core/git/gitRepo';
import { listWorkTreeFiles, type WorkTreeFiles } from '../../core/policy/workTreeFiles';
import { analyzePolicy } from '../../server/policyAnalysis';
import { policyCompletions, policyDiagnostics, policyHover, policySymbols } from '../../server/policyFeatures';
import { RepoFiles } from '../../server/policyFiles';
import { documentPath, isPolicyDocument, mergingPolicyDiagnostics, PolicyLanguage } from '../../server/policyLanguage';
import { parsePolicy } from '../../core/policy/policyParser';
import { tempDir } from './helpers/gitFixture';

const FILES: WorkTreeFiles = {
  paths: [
    '.loadbearing',
    'README.md',
    'docs/README.md',
    'infra/main.tf',
    'src/auth/login.ts',
    'src/auth/session.ts',
    'src/payments/charge.ts',
    'src/ui/button.ts',
    'src/util/format.ts',
  ],
  truncated: false,
};

function diagnose(text: string, files: WorkTreeFiles | undefined = FILES, dir = '') {
  return policyDiagnostics(analyzePolicy(text, dir, files));
}

function codes(text: string, files: WorkTreeFiles | undefined = FILES): string[] {
  return diagnose(text, files).map((d) => `${d.range.start.line}:${d.code}`);
}

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('policy language: diagnostics', () => {
  it('a clean policy has no diagnostics', () => {
    assert.deepEqual(diagnose('/src/auth/** critical @security\n/src/payments/ critical\n*.tf high\n/src/ui/ watch\n/docs/ ignore\n'), []);
  });

  it('maps every parser problem with its position, severity, source and code', () => {
    const [d] = diagnose('/src/auth/ critcal\n');
    assert.equal(d.code, 'unknown-tier');
    assert.equal(d.source, 'loadbearing');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range, { start: { line: 0, character: 11 }, end: { line: 0, character: 18 } });
    assert.match(d.message as string, /did you mean 'critical'/);
    assert.deepEqual(codes('/src/[z-a]/ high\n/src/ui/\n'), ['0:invalid-pattern', '1:missing-tier']);
  });

  it('warns about a pattern that matches no file in the repository', () => {
    const ds = diagnose('/src/auth/ critical\n/src/authz/ critical\n*.tff high\n');
    assert.deepEqual(ds.map((d) => `${d.range.start.line}:${d.code}`), ['1:matches-nothing', '2:matches-nothing']);
    assert.equal(ds[0].severity, DiagnosticSeverity.Warning);
    assert.deepEqual(ds[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
  });

  it('claims "matches nothing" only with a complete listing inside a repository', () => {
    assert.deepEqual(policyDiagnostics(analyzePolicy('/nope/ high\n', '', undefined)), []);
    assert.deepEqual(codes('/nope/ high\n', { paths: FILES.paths, truncated: true }), []);
  });

  it('matches relative to the policy file\'s folder', () => {
    const ds = policyDiagnostics(analyzePolicy('/auth/ critical\n/src/ high\n', 'src', FILES));
    assert.deepEqual(ds.map((d) => d.code), ['matches-nothing']);
    assert.equal(ds[0].range.start.line, 1);
  });

  it('warns about a line fully shadowed by a later one, naming the later line', () => {
    const ds = diagnose('/src/auth/** critical\n/src/ high\n');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'shadowed-rule');
    assert.equal(ds[0].range.start.line, 0);
    assert.match(ds[0].message as string, /line 2 \('\/src\/' high\)/);
  });

  it('reports an identical later pattern once, as duplicate-rule', () => {
    assert.deepEqual(codes('/src/ high\n/src/ critical\n'), ['0:duplicate-rule']);
  });

  it('warns when a later line of another tier decides every file a line matches today', () => {
    assert.deepEqual(codes('*.tf high\n/infra/ critical\n'), ['0:shadowed-rule']);
    assert.match(diagnose('*.tf high\n/infra/ critical\n')[0].message as string, /today's files/);
    // Same tier: redundant today, but a new .tf elsewhere still needs the first line.
    assert.deepEqual(codes('*.tf high\n/infra/ high\n'), []);
  });
});

describe('policy language: hover', () => {
  it('says the tier, how many files the line matches and lists them', () => {
    const a = analyzePolicy('# comment\n/src/auth/** critical @security\n', '', FILES);
    assert.equal(policyHover(a, 0), null);
    const hover = policyHover(a, 1);
    const text = (hover?.contents as { value: string }).value;
    assert.match(text, /`\/src\/auth\/\*\*` → \*\*critical\*\*/);
    assert.match(text, /@security/);
    assert.match(text, /Matches \*\*2 files\*\*/);
    assert.match(text, /- `src\/auth\/login.ts`\n- `src\/auth\/session.ts`/);
    assert.doesNotMatch(text, /Shadowed/);
    assert.deepEqual(hover?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 21 } });
  });

  it('lists at most 10 files and says how many more', () => {
    const paths = Array.from({ length: 25 }, (_, k) => `gen/file${String(k).padStart(2, '0')}.ts`);
    const text = (policyHover(analyzePolicy('/gen/ watch\n', '', { paths, truncated: false }), 0)?.contents as { value: string }).value;
    assert.match(text, /Matches \*\*25 files\*\*/);
    assert.equal(text.match(/^- `gen\//gm)?.length, 10);
    assert.match(text, /… and 15 more/);
  });

  it('says when the line is shadowed, and how many files it still decides', () => {
    const a = analyzePolicy('/src/ high\n/src/auth/ critical\n/src/ui/ critical\n/src/util/ watch\n', '', FILES);
    assert.match((policyHover(a, 0)?.contents as { value: string }).value, /decides the tier of 1 of them/);
    const shadowed = analyzePolicy('/src/auth/ high\n/src/ critical\n', '', FILES);
    assert.match((policyHover(shadowed, 0)?.contents as { value: string }).value, /\*\*Shadowed\*\* by line 2/);
  });

  it('says why files were not counted', () => {
    const text = (policyHover(analyzePolicy('/src/ high\n', '', undefined), 0)?.contents as { value: string }).value;
    assert.match(text, /not counted: the file is not inside a git repository/);
  });
});

describe('policy language: completion and symbols', () => {
  const labels = (line: string, character = line.length) => policyCompletions(line, { line: 3, character }).map((c) => c.label);
  const TIERS = ['critical', 'high', 'watch', 'ignore'];

  it('offers the tiers in the tier column, each with documentation', () => {
    assert.deepEqual(labels('/src/auth/ '), TIERS);
    assert.deepEqual(labels('/src/auth/\t  cr'), TIERS);
    assert.deepEqual(labels('path\\ with\\ spaces '), TIERS);
    const [critical] = policyCompletions('/src/ cr', { line: 3, character: 8 });
    assert.deepEqual(critical.textEdit, { range: { start: { line: 3, character: 6 }, end: { line: 3, character: 8 } }, newText: 'critical' });
    assert.match((critical.documentation as { value: string }).value, /one by one/);
  });

  it('replaces the whole tier word when the cursor is inside it', () => {
    const [item] = policyCompletions('/src/ hgh @owner', { line: 0, character: 7 });
    assert.deepEqual(item.textEdit, { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 9 } }, newText: 'critical' });
  });

  it('offers nothing in the pattern or owners column or in a comment', () => {
    assert.deepEqual(labels(''), []);
    assert.deepEqual(labels('   '), []);
    assert.deepEqual(labels('/src/au'), []);
    assert.deepEqual(labels('/src/ high '), []);
    assert.deepEqual(labels('/src/ high @o'), []);
    assert.deepEqual(labels('# /src/ '), []);
    assert.deepEqual(labels('/src/ high', 3), []);
  });

  it('gives one symbol per rule: pattern → tier', () => {
    const symbols = policySymbols(parsePolicy('# c\n/src/auth/** critical @security\n\nbad\n*.tf   high\n', ''));
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.range.start.line, s.selectionRange.end.character]), [
      ['/src/auth/** → critical', '@security', 1, 12],
      ['*.tf → high', '', 4, 4],
    ]);
  });
});

describe('policy language: hostile input', () => {
  it('stops counting at its time budget and claims nothing for the lines it did not count', () => {
    const lines = Array.from({ length: 3_000 }, (_, k) => `/nothing${k}/ high`).join('\n');
    let clock = 0;
    // Each call of the clock advances it 1 ms: a budget of 10 ms counts only the first few lines.
    const a = analyzePolicy(lines, '', FILES, 10, () => clock++);
    const counted = a.rules.filter((r) => r.matches !== undefined).length;
    assert.ok(counted > 0 && counted < 20, `counted ${counted}`);
    assert.equal(a.complete, false);
    assert.deepEqual(policyDiagnostics(a), []);
    assert.match((policyHover(a, 2_999)?.contents as { value: string }).value, /took too long/);
  });

  it('survives a 1 MB policy, a 100k-character line and brace/** bombs', () => {
    const big = Array.from({ length: 50_000 }, (_, k) => `/src/dir${k}/** high`).join('\n');
    assert.ok(big.length > 1_000_000);
    const a = analyzePolicy(big, '', FILES, 50);
    assert.equal(a.complete, false);
    assert.ok(diagnose(`${'a'.repeat(100_000)} high\n`).some((d) => d.code === 'line-too-long'));
    const bombs = ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t} high', `${'**/'.repeat(500)}x critical`, `${'*a'.repeat(600)}*b watch`].join('\n');
    const ds = diagnose(bombs);
    assert.ok(ds.every((d) => d.code !== 'unknown-tier'));
  });
});

describe('policy language: documents', () => {
  const repo: GitRepo = { root: '/repo', gitDir: '/repo/.git', commonDir: '/repo/.git' };
  const URI = 'file:///repo/.loadbearing';

  function setup(files: WorkTreeFiles = FILES) {
    const published: PublishDiagnosticsParams[] = [];
    let listed = 0;
    const language = new PolicyLanguage({
      publish: (p) => published.push(p),
      findRepo: (abs) => (abs.startsWith('/repo') ? repo : undefined),
      repoRelative: (_r, abs) => (abs === '/repo' ? undefined : abs.slice('/repo/'.length)),
      files: new RepoFiles(async () => {
        listed++;
        return files;
      }),
      typingDelayMs: 20,
    });
    return { language, published, listed: () => listed };
  }

  const open = (language: PolicyLanguage, text: string, uri = URI, languageId = 'loadbearing') =>
    language.open({ textDocument: { uri, languageId, version: 1, text } });

  it('recognises policy documents by language id or file name, and only those', () => {
    assert.ok(isPolicyDocument('file:///x/.loadbearing', 'plaintext'));
    assert.ok(isPolicyDocument('untitled:/x/y', 'loadbearing'));
    assert.ok(!isPolicyDocument('file:///x/a.ts', 'typescript'));
    assert.equal(documentPath('untitled:/repo/.loadbearing'), path.join('/repo', '.loadbearing'));
    const { language } = setup();
    open(language, 'export {}', 'file:///repo/a.ts', 'typescript');
    assert.equal(language.has('file:///repo/a.ts'), false);
    assert.equal(language.hover({ textDocument: { uri: 'file:///repo/a.ts' }, position: { line: 0, character: 0 } }), undefined);
    assert.equal(language.completion({ textDocument: { uri: 'file:///repo/a.ts' }, position: { line: 0, character: 0 } }), undefined);
  });

  it('publishes diagnostics on open, and once per pause while typing', async () => {
    const { language, published } = setup();
    open(language, '/src/ hihg\n');
    const first = await until(() => published[0], 'diagnostics on open');
    assert.equal(first.uri, URI);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['unknown-tier']);
    for (let v = 2; v <= 6; v++) {
      language.change({ textDocument: { uri: URI, version: v }, contentChanges: [{ text: v < 6 ? `/src/ h${'i'.repeat(v)}\n` : '/nope/ high\n' }] });
    }
    const second = await until(() => published[1], 'diagnostics after typing');
    assert.equal(second.version, 6);
    assert.deepEqual(second.diagnostics.map((d) => d.code), ['matches-nothing']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(published.length, 2, 'one publish for the burst of changes');
  });

  it('answers hover, completion and symbols from the current text, incremental changes included', async () => {
    const { language } = setup();
    open(language, '/src/auth/ critical\n');
    language.change({
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '/src/ui/ ' }],
    });
    const labels = language.completion({ textDocument: { uri: URI }, position: { line: 1, character: 9 } })?.map((c) => c.label);
    assert.deepEqual(labels, ['critical', 'high', 'watch', 'ignore']);
    const hover = await language.hover({ textDocument: { uri: URI }, position: { line: 0, character: 3 } });
    assert.match((hover?.contents as { value: string }).value, /Matches \*\*2 files\*\*/);
    assert.deepEqual(language.symbols({ textDocument: { uri: URI } })?.map((s) => s.name), ['/src/auth/ → critical']);
  });

  it('merges diagnostics other modules publish for the policy document, and clears on close', async () => {
    const { language, published } = setup();
    const sent: PublishDiagnosticsParams[] = [];
    const connection = mergingPolicyDiagnostics({ sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p), other: 1 } as unknown as Connection, language);
    assert.equal((connection as unknown as { other: number }).other, 1);
    open(language, '/src/ hihg\n');
    await until(() => published[0], 'policy diagnostics');
    const region = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, message: 'AI', code: 'ai-edit-unreviewed' };
    await connection.sendDiagnostics({ uri: URI, diagnostics: [region] });
    assert.deepEqual(published.at(-1)?.diagnostics.map((d) => d.code), ['unknown-tier', 'ai-edit-unreviewed']);
    await connection.sendDiagnostics({ uri: 'file:///repo/a.ts', diagnostics: [region] });
    assert.equal(sent.length, 1, 'other documents pass through');
    language.close(URI);
    assert.deepEqual(published.at(-1), { uri: URI, diagnostics: [] });
    await connection.sendDiagnostics({ uri: URI, diagnostics: [] });
    assert.equal(sent.length, 2, 'a closed policy document passes through');
  });

  it('lists the repository once, and again after invalidate', async () => {
    const { language, published, listed } = setup();
    open(language, '/src/ high\n');
    open(language, '/x/ high\n', 'file:///repo/src/.loadbearing');
    await until(() => published.length >= 2, 'both documents analysed');
    assert.equal(listed(), 1);
    language.invalidate();
    await until(() => published.length >= 4, 'both documents analysed again');
    assert.equal(listed(), 2);
  });
});

describe('work tree listing', () => {
  it('lists files, skips .git and node_modules, never follows symlinks, and says when a bound stopped it', async () => {
    const root = tempDir('lb-walk-');
    for (const f of ['a.ts', 'src/b.ts', 'src/deep/c.ts', '.git/HEAD', 'node_modules/x/index.js', 'sp ace/ü.ts']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
    fs.symlinkSync(root, path.join(root, 'loop'));
    const all = await listWorkTreeFiles(root);
    assert.deepEqual(all, { paths: ['a.ts', 'loop', 'sp ace/ü.ts', 'src/b.ts', 'src/deep/c.ts'], truncated: false });
    assert.equal((await listWorkTreeFiles(root, { maxFiles: 2 })).truncated, true);
    assert.equal((await listWorkTreeFiles(root, { maxDirs: 2 })).truncated, true);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
