// Decides a repository path's tier from its `.loadbearing` files, with gitignore semantics and bounded time on hostile input.
//
// Patterns are parsed by our own gitignore grammar and matched with the two-pointer wildcard algorithm (at the
// segment level for '**', at the character level for '*') instead of minimatch's regular expressions: those
// backtrack exponentially on patterns like '*a*a*a*a*a*a*b', and a policy file comes from the repository, which
// may be hostile. The property tests check the two agree on ordinary patterns.
import {
  compilePattern,
  foldCase,
  normalizeDir,
  type ClassItem,
  type CompiledPattern,
  type GlobSegment,
  type GlobToken,
} from './globPattern';
import { isTier, type Tier } from '../tier';
import type { ParsedPolicy, PolicyMatcherOptions, PolicyRule, TierDecision } from './policyTypes';

export type { ParsedPolicy, PolicyMatcherOptions, PolicyRule, TierDecision } from './policyTypes';

/** Linux PATH_MAX: no real path is longer, and it bounds the worst-case match. */
export const MAX_PATH_LENGTH = 4096;

interface CompiledRule {
  rule: PolicyRule;
  pattern: CompiledPattern | undefined;
  /** The first segment when it is a literal: one string comparison rejects most rules. */
  firstLiteral: string | undefined;
}

interface PolicyGroup {
  dir: string;
  dirSegments: string[];
  /** Rules of every policy with this dir, in order (normally one policy). */
  rules: CompiledRule[];
  /** Rules of the first policy with this dir, indexed like its `rules`, for matchingRules. */
  firstPolicyRules: CompiledRule[];
  /** Indices (ascending) of rules whose matches all start with this literal segment (anchored folders). */
  byFirst: Map<string, number[]>;
  /** Indices (ascending) of other rules with a literal segment: some path segment must equal it. */
  bySegment: Map<string, number[]>;
  /** Indices (ascending) of other rules with a segment ending in a literal extension ('*.tf'). */
  byExtension: Map<string, number[]>;
  /** Indices (ascending) of the remaining valid rules: tried for every path. */
  unkeyed: number[];
}

/** Which index a rule goes in, so that most rules are never looked at for a given path. */
function indexRule(group: PolicyGroup, pattern: CompiledPattern, k: number): void {
  const add = (map: Map<string, number[]>, key: string): void => {
    const bucket = map.get(key);
    if (bucket) bucket.push(k);
    else map.set(key, [k]);
  };
  const segs = pattern.segments;
  if (segs[0].kind === 'lit') return add(group.byFirst, segs[0].text);
  for (const seg of segs) if (seg.kind === 'lit') return add(group.bySegment, seg.text);
  for (const seg of segs) {
    const last = seg.kind === 'glob' ? seg.tokens[seg.tokens.length - 1] : undefined;
    // A segment ending in '.tf' has '.tf' as its extension (from its last dot), whatever precedes it.
    const dot = last?.kind === 'lit' ? last.text.lastIndexOf('.') : -1;
    if (last?.kind === 'lit' && dot >= 0) return add(group.byExtension, last.text.slice(dot));
  }
  group.unkeyed.push(k);
}

/** Indices of the rules that may match `p`, latest line first, each once. */
function* candidates(group: PolicyGroup, p: PreparedPath): Generator<number> {
  const lists: number[][] = [];
  const offset = group.dirSegments.length;
  const first = group.byFirst.get(p.segments[offset]);
  if (first) lists.push(first);
  for (let k = offset; k < p.segments.length; k++) {
    const seg = p.segments[k];
    const same = group.bySegment.size > 0 ? group.bySegment.get(seg) : undefined;
    if (same) lists.push(same);
    const dot = group.byExtension.size > 0 ? seg.lastIndexOf('.') : -1;
    const ext = dot >= 0 ? group.byExtension.get(seg.slice(dot)) : undefined;
    if (ext) lists.push(ext);
  }
  if (group.unkeyed.length > 0) lists.push(group.unkeyed);
  const pos = lists.map((l) => l.length - 1);
  let previous = -1;
  for (;;) {
    let best = -1;
    let from = -1;
    for (let i = 0; i < lists.length; i++) {
      if (pos[i] >= 0 && lists[i][pos[i]] > best) [best, from] = [lists[i][pos[i]], i];
    }
    if (from < 0) return;
    pos[from]--;
    // The same list comes twice when two segments give the same key ('a.ts/b.ts').
    if (best !== previous) yield best;
    previous = best;
  }
}

interface PreparedPath {
  text: string;
  segments: string[];
}

/** The path normalized for matching, or undefined when it can never match (outside the repository, malformed). */
function preparePath(path: string, nocase: boolean): PreparedPath | undefined {
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_LENGTH) return undefined;
  if (path[0] === '/' || path[0] === '\\' || /^[A-Za-z]:/.test(path) || path.includes('\0')) return undefined;
  // Most paths are ASCII, where NFC is the identity; skipping it saves an allocation per lookup.
  let text = /[^\x00-\x7f]/.test(path) ? path.normalize('NFC') : path;
  if (nocase) text = foldCase(text);
  const segments = text.split('/');
  for (const s of segments) if (s === '' || s === '.' || s === '..') return undefined;
  return { text, segments };
}

const POSIX: Record<string, (c: number) => boolean> = {
  alnum: (c) => POSIX.alpha(c) || POSIX.digit(c),
  alpha: (c) => POSIX.upper(c) || POSIX.lower(c),
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: (c) => c >= 0x30 && c <= 0x39,
  graph: (c) => c > 0x20 && c < 0x7f,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  print: (c) => c >= 0x20 && c < 0x7f,
  punct: (c) => POSIX.graph(c) && !POSIX.alnum(c),
  space: (c) => (c >= 0x09 && c <= 0x0d) || c === 0x20,
  upper: (c) => c >= 0x41 && c <= 0x5a,
  xdigit: (c) => POSIX.digit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

function inClass(items: ClassItem[], c: number): boolean {
  for (const item of items) {
    if ('name' in item ? POSIX[item.name]?.(c) : c >= item.lo && c <= item.hi) return true;
  }
  return false;
}

function classMatches(token: Extract<GlobToken, { kind: 'class' }>, c: number, nocase: boolean): boolean {
  let hit = inClass(token.items, c);
  if (!hit && nocase) {
    // The path is folded to lower case, so '[A-Z]' must also be tried with the upper-case form.
    const ch = String.fromCodePoint(c);
    for (const v of [ch.toUpperCase(), ch.toLowerCase()]) {
      const vc = v.codePointAt(0) as number;
      if (v.length === (vc > 0xffff ? 2 : 1) && inClass(token.items, vc)) hit = true;
    }
  }
  return hit !== token.negate;
}

function codePointLength(s: string, i: number): number {
  return (s.codePointAt(i) as number) > 0xffff ? 2 : 1;
}

/** One path segment against one glob segment; O(segment × pattern) whatever the stars. */
function matchTokens(tokens: GlobToken[], s: string, nocase: boolean): boolean {
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  while (si < s.length) {
    const t = tokens[ti];
    if (t !== undefined) {
      if (t.kind === 'star') {
        starTi = ti++;
        starSi = si;
        continue;
      }
      if (t.kind === 'lit') {
        if (s.startsWith(t.text, si)) {
          si += t.text.length;
          ti++;
          continue;
        }
      } else if (t.kind === 'any' || classMatches(t, s.codePointAt(si) as number, nocase)) {
        si += codePointLength(s, si);
        ti++;
        continue;
      }
    }
    if (starTi < 0) return false;
    // Only the last star ever needs to give back characters: every other token has a fixed width.
    starSi += codePointLength(s, starSi);
    si = starSi;
    ti = starTi + 1;
  }
  while (tokens[ti]?.kind === 'star') ti++;
  return ti === tokens.length;
}

function matchSegment(seg: GlobSegment, s: string, nocase: boolean): boolean {
  return seg.kind === 'lit' ? seg.text === s : seg.kind === 'glob' && matchTokens(seg.tokens, s, nocase);
}

/** Path segments from `offset` against pattern segments; '**' is the segment-level star. */
function matchSegments(segs: GlobSegment[], path: string[], offset: number, nocase: boolean): boolean {
  let si = 0;
  let pi = offset;
  let starSi = -1;
  let starPi = 0;
  while (pi < path.length) {
    const seg = segs[si];
    if (seg?.kind === 'globstar') {
      starSi = si++;
      starPi = pi;
      continue;
    }
    if (seg !== undefined && matchSegment(seg, path[pi], nocase)) {
      si++;
      pi++;
      continue;
    }
    if (starSi < 0) return false;
    pi = ++starPi;
    si = starSi + 1;
  }
  while (segs[si]?.kind === 'globstar') si++;
  return si === segs.length;
}

function compileRule(rule: PolicyRule, nocase: boolean): CompiledRule {
  const result = rule && typeof rule.pattern === 'string' ? compilePattern(rule.pattern, nocase) : undefined;
  const pattern = result?.ok ? result.pattern : undefined;
  const first = pattern?.segments[0];
  return { rule, pattern, firstLiteral: first?.kind === 'lit' ? first.text : undefined };
}

function ruleMatches(r: CompiledRule, p: PreparedPath, offset: number, nocase: boolean): boolean {
  if (!r.pattern) return false;
  if (r.firstLiteral !== undefined && r.firstLiteral !== p.segments[offset]) return false;
  if (!p.text.includes(r.pattern.longestLiteral)) return false;
  return matchSegments(r.pattern.segments, p.segments, offset, nocase);
}

function isUnder(p: PreparedPath, dirSegments: string[]): boolean {
  if (p.segments.length <= dirSegments.length) return false;
  for (let k = 0; k < dirSegments.length; k++) if (p.segments[k] !== dirSegments[k]) return false;
  return true;
}

function tierOfRule(rule: PolicyRule): Tier | null {
  return isTier(rule.tier) ? rule.tier : null;
}

export class PolicyMatcher {
  /** Deepest folder first: the deepest policy with any matching line decides. */
  private readonly groups: PolicyGroup[] = [];
  private readonly nocase: boolean;

  constructor(policies: ParsedPolicy[], options: PolicyMatcherOptions = {}) {
    this.nocase = options?.caseInsensitive === true;
    const byDir = new Map<string, PolicyGroup>();
    for (const policy of Array.isArray(policies) ? policies : []) {
      const dir = policy ? normalizeDir(policy.dir) : undefined;
      if (dir === undefined) continue;
      const compiled = (Array.isArray(policy.rules) ? policy.rules : []).map((r) => compileRule(r, this.nocase));
      const existing = byDir.get(dir);
      if (existing) {
        existing.rules.push(...compiled);
        continue;
      }
      const folded = this.nocase ? foldCase(dir) : dir;
      const group: PolicyGroup = {
        dir,
        dirSegments: folded === '' ? [] : folded.split('/'),
        rules: compiled,
        firstPolicyRules: compiled.slice(),
        byFirst: new Map(),
        bySegment: new Map(),
        byExtension: new Map(),
        unkeyed: [],
      };
      byDir.set(dir, group);
      this.groups.push(group);
    }
    for (const group of this.groups) group.rules.forEach((r, k) => r.pattern && indexRule(group, r.pattern, k));
    this.groups.sort((a, b) => b.dirSegments.length - a.dirSegments.length);
  }

  /** The deciding line for `path` (repository-relative, '/'-separated); undefined when no line matches. */
  decide(path: string): TierDecision | undefined {
    const p = preparePath(path, this.nocase);
    if (!p) return undefined;
    for (const group of this.groups) {
      if (!isUnder(p, group.dirSegments)) continue;
      const offset = group.dirSegments.length;
      // Last matching line wins.
      for (const k of candidates(group, p)) {
        const r = group.rules[k];
        if (ruleMatches(r, p, offset, this.nocase)) return { tier: tierOfRule(r.rule), policyDir: group.dir, rule: r.rule };
      }
    }
    return undefined;
  }

  tierOf(path: string): Tier | null {
    return this.decide(path)?.tier ?? null;
  }

  /** Which of `paths` rule `ruleIndex` (an index into that policy's `rules`) matches, whatever other lines say. */
  matchingRules(paths: string[], policyDir: string, ruleIndex: number): string[] {
    const dir = normalizeDir(policyDir);
    const group = this.groups.find((g) => g.dir === dir);
    const r = group?.firstPolicyRules[ruleIndex];
    if (!group || !r || !Array.isArray(paths)) return [];
    return paths.filter((path) => {
      const p = preparePath(path, this.nocase);
      return p !== undefined && isUnder(p, group.dirSegments) && ruleMatches(r, p, group.dirSegments.length, this.nocase);
    });
  }
}

/** True when every path `inner` matches is certainly matched by `outer` too (a sufficient, not complete, test). */
function covers(outer: CompiledPattern, inner: CompiledPattern): boolean {
  if (outer.key === inner.key) return true;
  // outer = literal folders, then any-segments, then the implied '**': e.g. '/src/', '/src/**', '*', '**'.
  // A leading '**' adds nothing when no literal follows: the trailing '**' already absorbs any depth.
  const floating = outer.segments[0].kind === 'globstar';
  const segs = floating ? outer.segments.slice(1) : outer.segments;
  let k = 0;
  while (!floating && segs[k]?.kind === 'lit') k++;
  let m = 0;
  while (segs[k + m]?.kind === 'glob' && isAnySegment(segs[k + m])) m++;
  if (k + m !== segs.length - 1 || segs[segs.length - 1].kind !== 'globstar') return false;
  for (let t = 0; t < k; t++) {
    const a = segs[t];
    const b = inner.segments[t];
    if (a.kind !== 'lit' || b?.kind !== 'lit' || a.text !== b.text) return false;
  }
  return inner.minSegments >= k + m;
}

function isAnySegment(seg: GlobSegment): boolean {
  return seg.kind === 'glob' && seg.tokens.length === 1 && seg.tokens[0].kind === 'star';
}

/**
 * Rules that can never decide anything because a later rule of the same file matches all their paths: a later
 * identical pattern, a later pattern covering it syntactically ('/src/' after '/src/auth/**', '*' after anything),
 * or, when `paths` (repository-relative) are given, a later rule matching every one of those paths it matches.
 * `by` is the last such rule, the one that actually decides.
 */
export function shadowedRules(
  policy: ParsedPolicy,
  paths?: string[],
  options: PolicyMatcherOptions = {},
): { rule: PolicyRule; by: PolicyRule }[] {
  const nocase = options?.caseInsensitive === true;
  const dir = policy ? normalizeDir(policy.dir) : undefined;
  if (dir === undefined || !Array.isArray(policy.rules)) return [];
  const rules = policy.rules.map((r) => compileRule(r, nocase));
  const dirSegments = dir === '' ? [] : (nocase ? foldCase(dir) : dir).split('/');
  const prepared = (Array.isArray(paths) ? paths : [])
    .map((path) => preparePath(path, nocase))
    .filter((p): p is PreparedPath => p !== undefined && isUnder(p, dirSegments));
  const offset = dirSegments.length;
  const matched = rules.map((r) => (paths ? prepared.filter((p) => ruleMatches(r, p, offset, nocase)) : []));

  const out: { rule: PolicyRule; by: PolicyRule }[] = [];
  for (let i = 0; i < rules.length; i++) {
    const inner = rules[i].pattern;
    if (!inner) continue;
    for (let j = rules.length - 1; j > i; j--) {
      const outer = rules[j].pattern;
      if (!outer) continue;
      const byPaths = matched[i].length > 0 && matched[i].every((p) => ruleMatches(rules[j], p, offset, nocase));
      if (byPaths || covers(outer, inner)) {
        out.push({ rule: rules[i].rule, by: rules[j].rule });
        break;
      }
    }
  }
  return out;
}
