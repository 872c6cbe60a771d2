// Drafts a `.loadbearing` from what a repository contains: path and file names that usually mean load-bearing code,
// CODEOWNERS entries, and files many others import. Pure: paths and file texts in, policy text out.
import * as posix from 'node:path/posix';
import { PolicyMatcher, shadowedRules } from './policyMatcher';
import { fanIn, isNoise } from './importFanIn';
import { compilePattern } from './globPattern';
import { parsePolicy } from './policyParser';
import type { Tier } from '../tier';

/** A draft proposes only the tiers the commit gate holds by default. */
type DraftTier = Extract<Tier, 'critical' | 'high'>;

export interface DraftLine {
  /** As written in the policy (escaped). */
  pattern: string;
  tier: DraftTier;
  owners: string[];
  evidence: string[];
  /** Repository files the line matches, for coverage checks. */
  files: string[];
}

export interface DraftInput {
  /** Repository-relative paths of the work tree's files. */
  paths: string[];
  /** A file's text (only asked for {@link draftReads}); undefined when unreadable. */
  read(path: string): string | undefined;
  /** The CODEOWNERS file git hosts would use, when there is one. */
  codeowners?: { path: string; text: string };
}

/** Where GitHub looks for CODEOWNERS, in its order of precedence. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];
/** Fan-in lines proposed at most, the most imported first. */
const MAX_FANIN_LINES = 10;
/** File lines proposed per topic; the rest are counted in a note. */
const MAX_FILES_PER_TOPIC = 10;
const MAX_EVIDENCE_CHARS = 160;

const TOPICS: { tier: DraftTier; topic: string; words: string[] }[] = [
  { tier: 'critical', topic: 'authentication', words: ['auth', 'authn', 'authz', 'authentication', 'authorization', 'authorize', 'oauth', 'oauth2', 'oidc', 'saml', 'sso', 'login', 'logout', 'signin', 'signon'] },
  { tier: 'critical', topic: 'sessions', words: ['session', 'sessions'] },
  { tier: 'critical', topic: 'tokens', words: ['token', 'tokens', 'jwt'] },
  { tier: 'critical', topic: 'cryptography', words: ['crypto', 'cryptography', 'encryption', 'encrypt', 'decrypt', 'cipher', 'kms'] },
  { tier: 'critical', topic: 'secrets', words: ['secret', 'secrets', 'credential', 'credentials', 'password', 'passwords', 'vault'] },
  { tier: 'critical', topic: 'payments', words: ['payment', 'payments', 'stripe', 'paypal'] },
  { tier: 'critical', topic: 'billing', words: ['billing', 'invoice', 'invoices', 'invoicing'] },
  { tier: 'critical', topic: 'checkout', words: ['checkout'] },
  { tier: 'high', topic: 'database migrations', words: ['migration', 'migrations', 'migrate'] },
  { tier: 'high', topic: 'infrastructure', words: ['infra', 'infrastructure'] },
  { tier: 'high', topic: 'Terraform', words: ['terraform'] },
  { tier: 'high', topic: 'Kubernetes', words: ['k8s', 'kubernetes', 'helm', 'kustomize'] },
];
const TOPICS_BY_WORD = new Map(TOPICS.flatMap((t) => t.words.map((w) => [w, t] as const)));
/** The topic a name word stands for; trailing digits ignored (`OAuth2` splits into `o`, `auth2`). */
function topicOf(word: string) {
  return TOPICS_BY_WORD.get(word) ?? TOPICS_BY_WORD.get(word.replace(/\d+$/, ''));
}
/** A cheap test first: most names contain no topic word at all. */
const ANY_TOPIC_WORD = new RegExp(TOPICS.flatMap((t) => t.words).join('|'), 'i');

/** The first topic word of a name (for files, ignoring the extension). */
function topicWord(name: string, isFile: boolean): string | undefined {
  if (!ANY_TOPIC_WORD.test(name)) return undefined;
  const words = nameWords(name);
  return (isFile ? words.slice(0, Math.max(1, words.length - 1)) : words).find((w) => topicOf(w));
}

/** Patterns matching by file name anywhere (gitignore floating patterns), with the test they stand for. */
const NAME_PATTERNS: { pattern: string; topic: string; test: (name: string) => boolean }[] = [
  { pattern: '*.tf', topic: 'Terraform', test: (n) => n.endsWith('.tf') },
  { pattern: '*.tfvars', topic: 'Terraform variables', test: (n) => n.endsWith('.tfvars') },
  { pattern: 'Dockerfile', topic: 'Dockerfile', test: (n) => n === 'Dockerfile' },
  { pattern: 'Dockerfile.*', topic: 'Dockerfile', test: (n) => n.startsWith('Dockerfile.') },
  { pattern: '*.dockerfile', topic: 'Dockerfile', test: (n) => n.endsWith('.dockerfile') },
  { pattern: 'docker-compose*.yml', topic: 'Docker Compose', test: (n) => n.startsWith('docker-compose') && n.endsWith('.yml') },
  { pattern: 'docker-compose*.yaml', topic: 'Docker Compose', test: (n) => n.startsWith('docker-compose') && n.endsWith('.yaml') },
  { pattern: 'Jenkinsfile', topic: 'CI pipeline', test: (n) => n === 'Jenkinsfile' },
];
/** Folders proposed whole when present. */
const CI_FOLDERS = [
  { dir: '.github/workflows', topic: 'CI workflows' },
  { dir: '.circleci', topic: 'CI configuration' },
];
const CI_FILES = [{ path: '.gitlab-ci.yml', topic: 'CI pipeline' }];

/** File kinds whose names are not evidence (a `login.css` is not load-bearing logic). */
const NOT_CODE = /\.(md|markdown|txt|rst|png|jpe?g|gif|svg|ico|webp|pdf|css|scss|sass|less|lock|snap|map)$/i;

/** Lower-case words of a file or folder name: `OAuth2Client.ts` → oauth2, client, ts. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** A path written as a literal pattern: gitignore's special characters escaped. */
export function escapePattern(p: string): string {
  return p.replace(/[\\ \t*?[#!]/g, '\\$&');
}


const RANK: Record<DraftTier, number> = { high: 1, critical: 2 };

class Candidates {
  readonly lines: DraftLine[] = [];
  readonly notes: string[] = [];
  private matchers = new Map<DraftTier, PolicyMatcher>();

  /** True when every file is already matched by a line of at least `tier`. */
  covered(files: string[], tier: DraftTier): boolean {
    let matcher = this.matchers.get(tier);
    if (!matcher) {
      const text = this.lines.filter((l) => RANK[l.tier] >= RANK[tier]).map((l) => `${l.pattern} ${l.tier}`).join('\n');
      matcher = new PolicyMatcher([parsePolicy(text, '')]);
      this.matchers.set(tier, matcher);
    }
    return files.length > 0 && files.every((f) => matcher.decide(f) !== undefined);
  }

  /** `always`: add even when today's files are covered (a name pattern also speaks for files yet to come). */
  add(line: DraftLine, always = false): boolean {
    const compiled = compilePattern(line.pattern);
    if (!compiled.ok || line.files.length === 0) return false;
    const same = this.lines.find((l) => {
      const c = compilePattern(l.pattern);
      return c.ok && c.pattern.key === compiled.pattern.key;
    });
    if (same) {
      if (RANK[line.tier] > RANK[same.tier]) same.tier = line.tier;
      for (const o of line.owners) if (!same.owners.includes(o)) same.owners.push(o);
      same.evidence.push(...line.evidence);
    } else {
      if (!always && this.covered(line.files, line.tier)) return false;
      this.lines.push(line);
    }
    this.matchers.clear();
    return true;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function examples(files: string[]): string {
  return files.length === 1 ? files[0] : `${plural(files.length, 'file')}, e.g. ${files.slice(0, 2).join(', ')}`;
}

/** The proposed lines, in policy order: high first, critical last (the last matching line wins). */
export function draftLines(input: DraftInput): { lines: DraftLine[]; notes: string[] } {
  const paths = [...new Set(input.paths)].sort();
  const c = new Candidates();
  const under = (dir: string) => filesUnder(paths, dir);

  // Folders whose name is a topic word, shallowest first; then files whose name is.
  const folders = new Map<string, { tier: DraftTier; topic: string; word: string }>();
  const seenDirs = new Set<string>();
  for (const p of paths) {
    const dir = posix.dirname(p);
    if (dir === '.' || seenDirs.has(dir) || isNoise(p)) continue;
    seenDirs.add(dir);
    const parts = dir.split('/');
    for (let k = 0; k < parts.length; k++) {
      const word = topicWord(parts[k], false);
      if (word) folders.set(parts.slice(0, k + 1).join('/'), { ...topicOf(word)!, word });
    }
  }
  const byName: { file: string; tier: DraftTier; topic: string; word: string }[] = [];
  for (const p of paths) {
    const name = posix.basename(p);
    if (isNoise(p) || NOT_CODE.test(name)) continue;
    const word = topicWord(name, true);
    if (word) byName.push({ file: p, ...topicOf(word)!, word });
  }
  for (const tier of ['critical', 'high'] as const) {
    for (const [dir, f] of [...folders].sort(([a], [b]) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
      if (f.tier !== tier) continue;
      const files = under(dir).filter((p) => !isNoise(p));
      c.add({ pattern: `/${escapePattern(dir)}/`, tier, owners: [], evidence: [`folder name '${f.word}' (${f.topic}), ${plural(files.length, 'file')}`], files });
    }
    const perTopic = new Map<string, number>();
    for (const f of byName.filter((x) => x.tier === tier)) {
      const n = perTopic.get(f.topic) ?? 0;
      if (c.covered([f.file], tier)) continue;
      perTopic.set(f.topic, n + 1);
      if (n >= MAX_FILES_PER_TOPIC) continue;
      c.add({ pattern: `/${escapePattern(f.file)}`, tier, owners: [], evidence: [`file name '${f.word}' (${f.topic})`], files: [f.file] });
    }
    for (const [topic, n] of perTopic) {
      if (n > MAX_FILES_PER_TOPIC) c.notes.push(`${n - MAX_FILES_PER_TOPIC} more files named like ${topic} were not listed.`);
    }
  }
  for (const ci of CI_FOLDERS) {
    const files = under(ci.dir);
    c.add({ pattern: `/${ci.dir}/`, tier: 'high', owners: [], evidence: [`${ci.topic}, ${plural(files.length, 'file')}`], files });
  }
  for (const ci of CI_FILES) {
    if (paths.includes(ci.path)) c.add({ pattern: `/${ci.path}`, tier: 'high', owners: [], evidence: [ci.topic], files: [ci.path] });
  }
  for (const np of NAME_PATTERNS) {
    const files = paths.filter((p) => np.test(posix.basename(p)) && !isNoise(p));
    c.add({ pattern: np.pattern, tier: 'high', owners: [], evidence: [`${np.topic}: ${examples(files)}`], files }, true);
  }

  // CODEOWNERS: the team already said who must look at these paths.
  if (input.codeowners) {
    const owned = parseCodeowners(input.codeowners.text);
    for (const entry of owned) {
      const where = `${input.codeowners.path} line ${entry.line + 1}`;
      if (/^\/?\*{0,2}$/.test(entry.pattern) || entry.pattern === '/**') {
        c.notes.push(`${where} gives every file an owner (${entry.owners.join(' ')}); not proposed.`);
        continue;
      }
      const files = matchAll(entry.pattern, paths);
      if (files.length === 0) continue;
      c.add({ pattern: entry.pattern, tier: 'high', owners: entry.owners, evidence: [`CODEOWNERS: ${where}`], files });
    }
  }

  for (const { target, importers } of fanIn(paths, input.read).slice(0, MAX_FANIN_LINES)) {
    const isFolder = target.endsWith('/');
    const files = isFolder ? under(target.slice(0, -1)) : [target];
    const what = isFolder ? 'package imported by' : 'imported by';
    c.add({ pattern: `/${escapePattern(isFolder ? target.slice(0, -1) : target)}${isFolder ? '/' : ''}`, tier: 'high', owners: [], evidence: [`${what} ${importers.length} files, e.g. ${importers.slice(0, 2).join(', ')}`], files });
  }

  return { lines: ordered(c.lines), notes: c.notes };
}

/** High before critical; then lines a later line makes dead are dropped, their evidence kept on that line. */
function ordered(lines: DraftLine[]): DraftLine[] {
  let out = [...lines.filter((l) => l.tier === 'high'), ...lines.filter((l) => l.tier === 'critical')];
  for (;;) {
    const parsed = parsePolicy(out.map((l) => `${l.pattern} ${l.tier}`).join('\n'), '');
    const dead = shadowedRules(parsed);
    if (dead.length === 0) return out;
    const { rule, by } = dead[0];
    const keep = out[by.line];
    if (keep.tier === out[rule.line].tier) keep.evidence.push(...out[rule.line].evidence);
    out = out.filter((_, k) => k !== rule.line);
  }
}

/** Files of sorted `paths` under `dir`: a prefix range, found by binary search. */
function filesUnder(paths: string[], dir: string): string[] {
  const prefix = `${dir}/`;
  let lo = 0;
  let hi = paths.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paths[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let k = lo; k < paths.length && paths[k].startsWith(prefix); k++) out.push(paths[k]);
  return out;
}

function matchAll(pattern: string, paths: string[]): string[] {
  const compiled = compilePattern(pattern);
  if (!compiled.ok) return [];
  const literal = compiled.pattern.longestLiteral;
  const matcher = new PolicyMatcher([{ dir: '', problems: [], rules: [{ line: 0, pattern, patternSpan: { start: 0, end: 0 }, tier: 'high', tierSpan: { start: 0, end: 0 }, owners: [] }] }]);
  return matcher.matchingRules(literal ? paths.filter((p) => p.includes(literal) || /[^\x00-\x7f]/.test(p)) : paths, '', 0);
}

/** CODEOWNERS lines with a pattern and at least one owner (a line without owners un-owns; it proposes nothing). */
export function parseCodeowners(text: string): { line: number; pattern: string; owners: string[] }[] {
  const out: { line: number; pattern: string; owners: string[] }[] = [];
  text.split(/\r?\n/).forEach((raw, line) => {
    const [pattern, ...owners] = raw.replace(/(^|\s)#.*$/, '').match(/(?:\\.|\S)+/g) ?? [];
    if (pattern === undefined || raw.trimStart().startsWith('#')) return;
    // Owners are @user, @org/team or an e-mail address.
    out.push({ line, pattern, owners: owners.filter((o) => o.includes('@')) });
  });
  return out.filter((e) => e.owners.length > 0);
}

/** The draft's text: a header saying how it was made, then the lines aligned, each with its evidence. */
export function draftPolicy(input: DraftInput): string {
  const { lines, notes } = draftLines(input);
  const head = [
    '# Loadbearing policy: which paths are load-bearing, and how strictly AI-written code there is gated.',
    '# Drafted by "Loadbearing: Create Policy" from this repository; each line names its evidence after the #.',
    '# Review it: keep, re-tier (critical, high, watch, ignore) or delete lines, then save.',
    '# The last matching line wins: broader high lines come first, critical lines last.',
  ];
  if (lines.length === 0) {
    return [
      ...head,
      '# No evidence found (no auth/payment/infra names, CODEOWNERS or widely imported files). For example:',
      '# /src/auth/**     critical',
      '# *.tf             high',
      '',
    ].join('\n');
  }
  const width = Math.min(40, Math.max(...lines.map((l) => l.pattern.length), 'pattern'.length)) + 2;
  const ownerWidth = Math.min(24, Math.max(0, ...lines.map((l) => l.owners.join(' ').length)));
  const row = (l: DraftLine) => {
    const evidence = l.evidence.join('; ');
    const shown = evidence.length > MAX_EVIDENCE_CHARS ? `${evidence.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : evidence;
    const owners = ownerWidth > 0 ? `${l.owners.join(' ').padEnd(ownerWidth)}  ` : '';
    return `${l.pattern.padEnd(width)}${l.tier.padEnd(10)}${owners}# ${shown}`;
  };
  const out = [...head, '', `# ${'pattern'.padEnd(width - 2)}${'tier'.padEnd(10)}${ownerWidth > 0 ? `${'owners'.padEnd(ownerWidth)}  ` : ''}# evidence`];
  const high = lines.filter((l) => l.tier === 'high');
  const critical = lines.filter((l) => l.tier === 'critical');
  if (high.length > 0) out.push('', '# high: unreviewed AI code blocks the commit; a whole file may be acknowledged at once.', ...high.map(row));
  if (critical.length > 0) out.push('', '# critical: unreviewed AI code blocks the commit until each edit is acknowledged one by one.', ...critical.map(row));
  if (notes.length > 0) out.push('', ...notes.map((n) => `# Note: ${n}`));
  return `${out.join('\n')}\n`;
}
