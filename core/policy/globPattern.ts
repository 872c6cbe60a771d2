// Compiles one gitignore pattern of a `.loadbearing` file into path segments for the matcher (policyMatcher.ts),
// with errors placed on the columns at fault; policyParser.ts calls it for each rule, the policy tools for drafts.

/** Longer patterns are refused: nothing legitimate needs them, and the limit bounds the cost of matching them. */
export const MAX_PATTERN_LENGTH = 4096;

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

/**
 * Case folding used on both sides of a case-insensitive match (toLowerCase alone is context-sensitive for sigma).
 * Final sigma (ς) is written as an escape: one non-ASCII character in a bundle makes V8 hold its whole source as
 * two-byte text (the server's: 1.2 MB instead of 0.6 MB of heap).
 */
export function foldCase(s: string): string {
  return s.toLowerCase().replace(/\u03C2/g, '\u03C3');
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
  if (p.length > MAX_PATTERN_LENGTH) return fail(invalid(0, p.length, `Pattern longer than ${MAX_PATTERN_LENGTH} characters.`));
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
