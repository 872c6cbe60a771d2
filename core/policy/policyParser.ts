// Parses `.loadbearing` text into rules and precisely placed problems; each pattern is compiled by globPattern.ts.
import { parseAgentLine } from '../agents/agentPolicy';
import { POLICY_TIERS, type PolicyTier } from '../tier';
import { compilePattern, MAX_PATTERN_LENGTH, normalizeDir } from './globPattern';
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

/** Longer lines are refused whole: nothing legitimate needs them, and they bound the cost of every later step (a line
 * holds one pattern, so this is the pattern limit too). */
export const MAX_LINE_LENGTH = MAX_PATTERN_LENGTH;
export const MAX_RULES = 10_000;
/** A hostile file could otherwise produce one problem per line; editors choke long before users read them. */
export const MAX_PROBLEMS = 1_000;

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
