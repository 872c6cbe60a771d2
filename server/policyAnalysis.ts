// What the repository's files say about each line of a `.loadbearing`: which files it matches, which lines are dead.
// Pure and bounded: a hostile policy or a huge tree stops counting at a time budget instead of freezing the server.
import { compilePattern } from '../core/policy/globPattern';
import { parsePolicy } from '../core/policy/policyParser';
import { PolicyMatcher, shadowedRules } from '../core/policy/policyMatcher';
import type { ParsedPolicy, PolicyRule } from '../core/policy/policyTypes';
import type { WorkTreeFiles } from '../core/policy/workTreeFiles';

export interface RuleAnalysis {
  rule: PolicyRule;
  /** Files (repository-relative) this line matches, whatever later lines say; undefined when not counted. */
  matches?: string[];
  /** How many of `matches` this line decides (no later line of the file overrides it). */
  decides?: number;
  /** A later line of this file that makes this one dead. */
  shadowedBy?: PolicyRule;
  /** True when the later line certainly covers every path (its pattern contains this one's), not just today's files. */
  shadowedSyntactically?: boolean;
  /** The parser already reported this line as a duplicate of a later one. */
  duplicate: boolean;
}

export interface PolicyAnalysis {
  parsed: ParsedPolicy;
  rules: RuleAnalysis[];
  /** Why files were not counted (for every line or some), in words for a hover; undefined when all were counted. */
  notCounted?: string;
  /** The listing was complete and every line was counted: "matches nothing" can be claimed. */
  complete: boolean;
}

/** Past this many rules the O(rules²) shadowing check is skipped: no real policy has that many. */
const MAX_RULES_FOR_SHADOWING = 1_000;
export const DEFAULT_BUDGET_MS = 400;

function isUnderDir(p: string, dir: string): boolean {
  return dir === '' || p.startsWith(`${dir}/`);
}

/**
 * Parses `text` (a policy file in repository folder `dir`) and, given the repository's files, counts what each line
 * matches and finds lines that can never decide. `files` undefined: no repository, nothing counted.
 */
export function analyzePolicy(
  text: string,
  dir: string,
  files: WorkTreeFiles | undefined,
  budgetMs = DEFAULT_BUDGET_MS,
  // The global, not node:perf_hooks: that module loads only when first used, not when the server starts.
  now: () => number = () => performance.now(),
): PolicyAnalysis {
  const started = now();
  const parsed = parsePolicy(text, dir);
  const duplicates = new Set(parsed.problems.filter((p) => p.code === 'duplicate-rule').map((p) => p.line));
  const rules: RuleAnalysis[] = parsed.rules.map((rule) => ({ rule, duplicate: duplicates.has(rule.line) }));
  const byLine = new Map(rules.map((r, k) => [r.rule.line, k]));
  const tooMany = parsed.rules.length > MAX_RULES_FOR_SHADOWING;

  if (!tooMany) {
    for (const { rule, by } of shadowedRules(parsed)) {
      const r = rules[byLine.get(rule.line) ?? -1];
      if (r) [r.shadowedBy, r.shadowedSyntactically] = [by, true];
    }
  }
  if (!files) return { parsed, rules, notCounted: 'the file is not inside a git repository', complete: false };

  const inDir = files.paths.filter((p) => isUnderDir(p, parsed.dir));
  const matcher = new PolicyMatcher([parsed]);
  let counted = 0;
  for (let k = 0; k < rules.length; k++) {
    if (now() - started > budgetMs) break;
    const compiled = compilePattern(rules[k].rule.pattern);
    const literal = compiled.ok ? compiled.pattern.longestLiteral : '';
    // Every match contains the pattern's longest literal: a substring test discards most paths before the real match.
    const candidates = literal === '' ? inDir : inDir.filter((p) => p.includes(literal) || /[^\x00-\x7f]/.test(p));
    rules[k].matches = matcher.matchingRules(candidates, parsed.dir, k);
    counted++;
  }

  // Which line decides each matched path, to say "decides 3 of these 5".
  const decided = new Map<number, number>();
  const seen = new Set<string>();
  for (const r of rules) {
    for (const p of r.matches ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      const line = matcher.decide(p)?.rule.line;
      if (line !== undefined) decided.set(line, (decided.get(line) ?? 0) + 1);
    }
  }
  for (const r of rules) if (r.matches) r.decides = decided.get(r.rule.line) ?? 0;

  // A line whose every current file is decided by a later line of another tier: its intent is overridden today.
  // (Same tier: harmless redundancy for today's files, and a new file may still need it, so not reported.)
  if (!files.truncated && !tooMany) {
    const sets: (Set<string> | undefined)[] = [];
    for (let i = 0; i < counted; i++) {
      const r = rules[i];
      if (r.shadowedBy || !r.matches || r.matches.length === 0 || r.decides !== 0) continue;
      for (let j = counted - 1; j > i; j--) {
        const later = rules[j];
        if (later.rule.tier === r.rule.tier || !later.matches || later.matches.length < r.matches.length) continue;
        const set = (sets[j] ??= new Set(later.matches));
        if (r.matches.every((p) => set.has(p))) {
          r.shadowedBy = later.rule;
          break;
        }
      }
      if (now() - started > budgetMs) break;
    }
  }

  const complete = !files.truncated && counted === rules.length;
  const notCounted = files.truncated
    ? 'the repository has too many files to list them all'
    : counted < rules.length
      ? 'counting took too long for this many lines'
      : undefined;
  return { parsed, rules, notCounted, complete };
}
