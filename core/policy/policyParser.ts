// Parses `.loadbearing` text into rules and precisely placed problems, and compiles gitignore patterns for the matcher.
import { parseAgentLine } from '../agents/agentPolicy';
import { POLICY_TIERS, type PolicyTier } from '../tier';
import type { AgentRule, ParsedPolicy, PolicyProblem, PolicyRule, Span } from './policyTypes';

export type {
  ParsedPolicy,
  PolicyMatcherOptions,
  PolicyProblem,
  PolicyProblemCode,
  PolicyRule,
  Span,
  TierDecision,
} from './policyTypes';

/** Longer lines are refused whole: nothing legitimate needs them, and they bound the cost of every later step. */
export const MAX_LINE_LENGTH = 4096;
export const MAX_RULES = 10_000;
/** A hostile file could otherwise produce one problem per line; editors choke long before users read them. */
export const MAX_PROBLEMS = 1_000;

const POSIX_CLASSES = new Set([
  'alnum', 'alpha', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'xdigit',
]);

export type ClassItem = { lo: number; hi: number } | { name: string };
export type GlobToken =
  | { kind: 'lit'; text: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negate: boolean; items: ClassItem[] };
export type GlobSegment = { kind: 'globstar' } | { kind: 'lit'; text: string } | { kind: 'glob'; tokens: GlobToken[] };

export interface CompiledPattern {
  /**
   * Path segments to match against the path relative to the policy folder. Anchoring, folder-only and
   * "also everything under it" are already folded in, so the last segment is always a globstar.
   */
  segments: GlobSegment[];
  /** Equal keys match exactly the same paths. */
  key: string;
  /** Fewest path segments a match needs. */
  minSegments: number;
  /** Longest literal every matching path contains: a cheap filter before the real match. */
  longestLiteral: string;
}

export interface PatternError {
  code: 'invalid-pattern' | 'pattern-escapes-folder';
  /** Columns relative to the start of the pattern. */
  start: number;
  end: number;
  message: string;
}

export type CompileResult = { ok: true; pattern: CompiledPattern } | { ok: false; error: PatternError };

/** Case folding used on both sides of a case-insensitive match (toLowerCase alone is context-sensitive for sigma). */
export function foldCase(s: string): string {
  return s.toLowerCase().replace(/ς/g, 'σ');
}

/** '' for the root; tolerates `./`, leading and trailing slashes. Returns undefined for a folder outside the repository. */
export function normalizeDir(dir: string): string | undefined {
  if (typeof dir !== 'string') return undefined;
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || /^[A-Za-z]:/.test(dir) || dir.includes('\\') || dir.includes('\0')) return undefined;
  return parts.join('/').normalize('NFC');
}

interface RawSegment {
  start: number;
  end: number;
  tokens: GlobToken[];
  /** Unescaped text, to recognise `.` and `..`. */
  value: string;
  stars: number;
  onlyStars: boolean;
}

type ClassParse = { ok: true; end: number; token: GlobToken } | { ok: false; error: PatternError };

function invalid(start: number, end: number, message: string): PatternError {
  return { code: 'invalid-pattern', start, end, message };
}

function parseClass(p: string, open: number): ClassParse {
  let j = open + 1;
  let negate = false;
  if (p[j] === '!' || p[j] === '^') {
    negate = true;
    j++;
  }
  const items: ClassItem[] = [];
  let first = true;
  const readChar = (): number | undefined => {
    if (p[j] === '\\') j++;
    if (j >= p.length) return undefined;
    const cp = p.codePointAt(j) as number;
    j += cp > 0xffff ? 2 : 1;
    return cp;
  };
  while (j < p.length) {
    const c = p[j];
    if (c === ']' && !first) return { ok: true, end: j + 1, token: { kind: 'class', negate, items } };
    first = false;
    if (c === '/') return { ok: false, error: invalid(open, j + 1, "A character class cannot contain '/'.") };
    if (c === '[' && p[j + 1] === ':') {
      // Bounded look-ahead: class names are short words, so `[[:[[:...` stays linear.
      const m = /^([a-z]*):\]/.exec(p.slice(j + 2, j + 14));
      if (m) {
        if (!POSIX_CLASSES.has(m[1])) {
          return { ok: false, error: invalid(j, j + m[0].length + 2, `Unknown character class '[:${m[1]}:]'.`) };
        }
        items.push({ name: m[1] });
        j += m[0].length + 2;
        continue;
      }
    }
    const rangeStart = j;
    const lo = readChar();
    if (lo === undefined) break;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      j++;
      const hi = readChar();
      if (hi === undefined) break;
      if (hi < lo) return { ok: false, error: invalid(rangeStart, j, 'Character range is out of order.') };
      items.push({ lo, hi });
    } else {
      items.push({ lo, hi: lo });
    }
  }
  return {
    ok: false,
    error: invalid(open, p.length, "Unterminated character class: add ']' or escape the '[' as '\\['."),
  };
}

function pushLiteral(seg: RawSegment, ch: string): void {
  const last = seg.tokens[seg.tokens.length - 1];
  if (last && last.kind === 'lit') last.text += ch;
  else seg.tokens.push({ kind: 'lit', text: ch });
  seg.value += ch;
  seg.onlyStars = false;
}

const GLOBSTAR: GlobSegment = { kind: 'globstar' };
const ANY_SEGMENT: GlobSegment = { kind: 'glob', tokens: [{ kind: 'star' }] };

/** Compiles one gitignore-style pattern (as written, escapes included). Never throws. */
export function compilePattern(pattern: string, caseInsensitive = false): CompileResult {
  const p = typeof pattern === 'string' ? pattern : '';
  const fail = (error: PatternError): CompileResult => ({ ok: false, error });
  if (p.length === 0) return fail(invalid(0, 0, 'Empty pattern.'));
  if (p.length > MAX_LINE_LENGTH) return fail(invalid(0, p.length, `Pattern longer than ${MAX_LINE_LENGTH} characters.`));
  if (p.startsWith('//') || p.startsWith('\\\\')) {
    return fail({ code: 'pattern-escapes-folder', start: 0, end: 2, message: 'A pattern cannot be a network or absolute filesystem path; patterns are relative to the policy file\'s folder.' });
  }
  const drive = /^[A-Za-z]:[\\/]/.exec(p);
  if (drive) {
    return fail({ code: 'pattern-escapes-folder', start: 0, end: 3, message: 'A pattern cannot be an absolute filesystem path; patterns are relative to the policy file\'s folder.' });
  }
  if (p[0] === '!') {
    return fail(invalid(0, 1, "Negation ('!') is not supported: use the 'ignore' tier on a later line to un-mark paths (or '\\!' for a literal '!')."));
  }

  const raw: RawSegment[] = [];
  const newSegment = (start: number): RawSegment => ({ start, end: start, tokens: [], value: '', stars: 0, onlyStars: true });
  let seg = newSegment(0);
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) return fail(invalid(i, i + 1, "A pattern cannot end with a lone '\\'."));
      const ch = String.fromCodePoint(p.codePointAt(i + 1) as number);
      pushLiteral(seg, ch);
      i += 1 + ch.length;
    } else if (c === '/') {
      seg.end = i;
      raw.push(seg);
      seg = newSegment(i + 1);
      i++;
    } else if (c === '*') {
      // Runs of stars inside a segment mean one star; keeping one keeps the match linear.
      if (seg.tokens[seg.tokens.length - 1]?.kind !== 'star') seg.tokens.push({ kind: 'star' });
      seg.value += '*';
      seg.stars++;
      i++;
    } else if (c === '?') {
      seg.tokens.push({ kind: 'any' });
      seg.value += '?';
      seg.onlyStars = false;
      i++;
    } else if (c === '[') {
      const cls = parseClass(p, i);
      if (!cls.ok) return fail(cls.error);
      seg.tokens.push(cls.token);
      seg.value += p.slice(i, cls.end);
      seg.onlyStars = false;
      i = cls.end;
    } else {
      const ch = String.fromCodePoint(p.codePointAt(i) as number);
      pushLiteral(seg, ch);
      i += ch.length;
    }
  }
  seg.end = p.length;
  raw.push(seg);

  let anchored = false;
  let dirOnly = false;
  if (raw.length > 1 && raw[0].end === raw[0].start) {
    anchored = true;
    raw.shift();
  }
  if (raw.length > 0 && raw[raw.length - 1].end === raw[raw.length - 1].start) {
    dirOnly = true;
    raw.pop();
  }
  if (raw.length === 0 || (raw.length === 1 && raw[0].start === raw[0].end)) {
    return fail(invalid(0, p.length, "The pattern names no path; use '**' for everything in this folder."));
  }
  if (raw.length > 1) anchored = true;
  for (const r of raw) {
    if (r.start === r.end) return fail(invalid(r.start - 1, r.start + 1, "Empty path segment ('//') never matches."));
    if (r.value === '..' && r.tokens.every((t) => t.kind === 'lit')) {
      return fail({ code: 'pattern-escapes-folder', start: r.start, end: r.end, message: "A pattern cannot leave its policy file's folder ('..')." });
    }
    if (r.value === '.' && r.tokens.every((t) => t.kind === 'lit')) {
      return fail(invalid(r.start, r.end, "A '.' segment never matches: patterns are already relative to this folder (start with '/' to anchor)."));
    }
  }

  const fold = (s: string): string => (caseInsensitive ? foldCase(s.normalize('NFC')) : s.normalize('NFC'));
  const explicit: GlobSegment[] = raw.map((r): GlobSegment => {
    if (r.onlyStars && r.stars >= 2) return GLOBSTAR;
    if (r.tokens.length === 1 && r.tokens[0].kind === 'lit') return { kind: 'lit', text: fold(r.tokens[0].text) };
    return { kind: 'glob', tokens: r.tokens.map((t) => (t.kind === 'lit' ? { kind: 'lit', text: fold(t.text) } : t)) };
  });
  // A trailing '/**' means "everything inside", never the folder itself.
  if (explicit[explicit.length - 1].kind === 'globstar') explicit[explicit.length - 1] = ANY_SEGMENT;
  const segments: GlobSegment[] = anchored ? [] : [GLOBSTAR];
  for (const s of [...explicit, ...(dirOnly ? [ANY_SEGMENT] : []), GLOBSTAR]) {
    // Collapsing '**/**/...' keeps matching cost proportional to distinct segments.
    if (s.kind === 'globstar' && segments[segments.length - 1]?.kind === 'globstar') continue;
    segments.push(s);
  }
  let longestLiteral = '';
  for (const s of segments) {
    const lits = s.kind === 'lit' ? [s.text] : s.kind === 'glob' ? s.tokens.flatMap((t) => (t.kind === 'lit' ? [t.text] : [])) : [];
    for (const l of lits) if (l.length > longestLiteral.length) longestLiteral = l;
  }
  return {
    ok: true,
    pattern: {
      segments,
      key: JSON.stringify(segments),
      minSegments: segments.filter((s) => s.kind !== 'globstar').length,
      longestLiteral,
    },
  };
}

interface LineToken {
  start: number;
  end: number;
  text: string;
}

/** Whitespace-separated fields; '\' escapes the next character; a field starting with '#' starts a comment. */
function tokenizeLine(line: string, first: boolean): LineToken[] {
  const tokens: LineToken[] = [];
  let i = first && line.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= line.length || line[i] === '#') return tokens;
    const start = i;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i += line[i] === '\\' && i + 1 < line.length ? 2 : 1;
    tokens.push({ start, end: i, text: line.slice(start, i) });
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let x = 1; x <= a.length; x++) {
    const cur = [x];
    for (let y = 1; y <= b.length; y++) {
      cur[y] = Math.min(prev[y] + 1, cur[y - 1] + 1, prev[y - 1] + (a[x - 1] === b[y - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function unknownTierMessage(word: string): string {
  const shown = word.length > 40 ? `${word.slice(0, 40)}…` : word;
  const lower = word.toLowerCase();
  let best: PolicyTier | undefined = POLICY_TIERS.find((t) => t === lower);
  if (!best && word.length <= 40) {
    let bestDistance = 3;
    for (const t of POLICY_TIERS) {
      const d = editDistance(lower, t);
      if (d < bestDistance) [best, bestDistance] = [t, d];
    }
  }
  const known = POLICY_TIERS.map((t) => `'${t}'`).join(', ');
  return best
    ? `Unknown tier '${shown}': did you mean '${best}'? (tiers are lowercase: ${known})`
    : `Unknown tier '${shown}': expected one of ${known}.`;
}

function isPolicyTier(word: string): word is PolicyTier {
  return (POLICY_TIERS as readonly string[]).includes(word);
}

/** Parses one `.loadbearing` file. Bounded in time for any input and never throws. */
export function parsePolicy(text: string, dir: string): ParsedPolicy {
  const source = typeof text === 'string' ? text : '';
  const policyDir = normalizeDir(dir) ?? (typeof dir === 'string' ? dir : '');
  const lines = source.split(/\r\n|\r|\n/);
  const problems: PolicyProblem[] = [];
  const rules: PolicyRule[] = [];
  const agentRules: AgentRule[] = [];
  const report = (line: number, span: Span, severity: PolicyProblem['severity'], code: string, message: string, always = false): void => {
    if (always || problems.length < MAX_PROBLEMS) problems.push({ line, span, severity, code, message });
  };

  const nul = lines.findIndex((l) => l.includes('\0'));
  if (nul >= 0) {
    const col = lines[nul].indexOf('\0');
    report(nul, { start: col, end: col + 1 }, 'error', 'binary-content', 'This is not a text file (it contains NUL bytes); no rules were read from it.', true);
    return { dir: policyDir, rules, problems };
  }

  const keys: string[] = [];
  let tooMany = false;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln];
    if (line.length > MAX_LINE_LENGTH) {
      if (/^\uFEFF?[ \t]*#/.test(line)) continue;
      report(ln, { start: 0, end: line.length }, 'error', 'line-too-long', `Line longer than ${MAX_LINE_LENGTH} characters; it was skipped.`);
      continue;
    }
    const tokens = tokenizeLine(line, ln === 0);
    if (tokens.length === 0) continue;
    if (tokens[0].text === '@agents') {
      // Not a pattern: the coding agents' pre-edit gate (core/agents/agentPolicy.ts).
      const parsedAgents = parseAgentLine(tokens, ln, policyDir === '');
      if (parsedAgents.rule) agentRules.push(parsedAgents.rule);
      for (const p of parsedAgents.problems) report(p.line, p.span, p.severity, p.code, p.message);
      continue;
    }
    const [pat, tierToken, ...ownerTokens] = tokens;
    const patternSpan = { start: pat.start, end: pat.end };
    let ok = true;
    const compiled = compilePattern(pat.text);
    if (!compiled.ok) {
      const e = compiled.error;
      report(ln, { start: pat.start + e.start, end: pat.start + e.end }, 'error', e.code, e.message);
      ok = false;
    }
    if (!tierToken) {
      report(ln, patternSpan, 'error', 'missing-tier', `Missing tier after the pattern: add one of ${POLICY_TIERS.join(', ')}.`);
      continue;
    }
    const tierSpan = { start: tierToken.start, end: tierToken.end };
    if (!isPolicyTier(tierToken.text)) {
      report(ln, tierSpan, 'error', 'unknown-tier', unknownTierMessage(tierToken.text));
      ok = false;
    }
    if (!ok || !compiled.ok || !isPolicyTier(tierToken.text)) continue;
    if (rules.length >= MAX_RULES) {
      if (!tooMany) {
        report(ln, patternSpan, 'error', 'too-many-rules', `More than ${MAX_RULES} rules; this line and every later one are ignored.`, true);
        tooMany = true;
      }
      continue;
    }
    rules.push({ line: ln, pattern: pat.text, patternSpan, tier: tierToken.text, tierSpan, owners: ownerTokens.map((t) => t.text) });
    keys.push(compiled.pattern.key);
  }

  // Within a file the last matching line wins, so an earlier line with the same pattern is dead.
  const lastWithKey = new Map<string, PolicyRule>();
  for (let k = rules.length - 1; k >= 0; k--) {
    const later = lastWithKey.get(keys[k]);
    if (later) {
      const same = later.tier === rules[k].tier ? 'repeats this pattern' : `gives this pattern the tier '${later.tier}'`;
      report(rules[k].line, rules[k].patternSpan, 'warning', 'duplicate-rule', `Line ${later.line + 1} ${same} and takes precedence; this line has no effect.`);
    } else {
      lastWithKey.set(keys[k], rules[k]);
    }
  }
  problems.sort((a, b) => a.line - b.line || a.span.start - b.span.start);
  return { dir: policyDir, rules, problems, ...(agentRules.length > 0 ? { agentRules } : {}) };
}
