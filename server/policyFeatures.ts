// Language features of a `.loadbearing` document as plain functions of its text and analysis: diagnostics, tier
// completion, the hover on a line, document symbols. No connection, no state: the tests call them directly.
import {
  CompletionItem,
  CompletionItemKind,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  Hover,
  MarkupKind,
  Position,
  Range,
  SymbolKind,
} from 'vscode-languageserver';
import type { ParsedPolicy, PolicyProblem, PolicyRule } from '../core/policy/policyTypes';
import { POLICY_TIERS, type PolicyTier } from '../core/tier';
import type { PolicyAnalysis } from './policyAnalysis';

export const POLICY_SOURCE = 'loadbearing';
/** Files listed in a hover; the count says how many more. */
export const HOVER_MAX_PATHS = 10;

/** One line per tier: the completion's documentation and the hover's reminder. */
export const TIER_DOCS: Record<PolicyTier, string> = {
  critical: 'Unreviewed AI code is an error; the commit is blocked until each AI edit is acknowledged one by one.',
  high: 'Unreviewed AI code is a warning; the commit is blocked until it is reviewed (a whole file may be acknowledged at once).',
  watch: 'Unreviewed AI code is shown as information; never blocks a commit.',
  ignore: 'Un-marks the paths: not load-bearing, whatever earlier lines or parent folders say.',
};

const severities: Record<PolicyProblem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function describeRule(rule: PolicyRule): string {
  return `line ${rule.line + 1} ('${rule.pattern}' ${rule.tier})`;
}

export function policyDiagnostics(analysis: PolicyAnalysis): Diagnostic[] {
  const diagnostics: Diagnostic[] = analysis.parsed.problems.map((p) => ({
    range: lineRange(p.line, p.span.start, p.span.end),
    severity: severities[p.severity] ?? DiagnosticSeverity.Error,
    source: POLICY_SOURCE,
    code: p.code,
    message: p.message,
  }));
  for (const r of analysis.rules) {
    const range = lineRange(r.rule.line, r.rule.patternSpan.start, r.rule.patternSpan.end);
    const warn = (code: string, message: string) =>
      diagnostics.push({ range, severity: DiagnosticSeverity.Warning, source: POLICY_SOURCE, code, message });
    if (analysis.complete && r.matches?.length === 0) {
      warn('matches-nothing', `No file in the repository matches '${r.rule.pattern}'. Check the spelling, the leading '/' (anchors to this file's folder) and the trailing '/' (folders only).`);
    }
    // The parser's duplicate-rule already says it for identical patterns.
    if (r.shadowedBy && !r.duplicate) {
      warn(
        'shadowed-rule',
        r.shadowedSyntactically
          ? `Shadowed: ${describeRule(r.shadowedBy)} comes later and matches every path this line matches (the last matching line wins); this line has no effect.`
          : `Every file this line matches is decided by the later ${describeRule(r.shadowedBy)} (the last matching line wins); this line has no effect on today's files.`,
      );
    }
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Markdown for the hover on a rule line, or null when `line` holds no rule. */
export function policyHover(analysis: PolicyAnalysis, line: number): Hover | null {
  const r = analysis.rules.find((x) => x.rule.line === line);
  if (!r) return null;
  const { rule } = r;
  const owners = rule.owners.length > 0 ? ` · owners ${rule.owners.join(' ')}` : '';
  const md = [`**Loadbearing** · \`${rule.pattern}\` → **${rule.tier}**${owners}`, '', `*${rule.tier}*: ${TIER_DOCS[rule.tier]}`, ''];
  if (r.matches === undefined) {
    md.push(`Matching files not counted: ${analysis.notCounted ?? 'no file list'}.`);
  } else if (r.matches.length === 0) {
    md.push('Matches **no file** in the repository.');
  } else {
    const n = r.matches.length;
    md.push(`Matches **${n} ${n === 1 ? 'file' : 'files'}**${analysis.notCounted ? ` (at least; ${analysis.notCounted})` : ''}:`, '');
    for (const p of r.matches.slice(0, HOVER_MAX_PATHS)) md.push(`- \`${p}\``);
    if (n > HOVER_MAX_PATHS) md.push(`- … and ${n - HOVER_MAX_PATHS} more`);
    if (r.decides !== undefined && r.decides < n) {
      md.push('', `This line decides the tier of ${r.decides} of them; later lines decide the others.`);
    }
  }
  if (r.shadowedBy) md.push('', `**Shadowed** by ${describeRule(r.shadowedBy)}: this line has no effect.`);
  return {
    contents: { kind: MarkupKind.Markdown, value: md.join('\n') },
    range: lineRange(line, rule.patternSpan.start, Math.max(rule.tierSpan.end, rule.patternSpan.end)),
  };
}

/** Whitespace-separated fields before `character` ('\' escapes), or undefined inside a comment. */
function fieldsBefore(lineText: string, character: number): { count: number; current?: { start: number } } | undefined {
  const text = lineText.slice(0, character);
  let i = 0;
  let count = 0;
  let current: { start: number } | undefined;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') {
      i++;
      current = undefined;
      continue;
    }
    if (current === undefined) {
      if (text[i] === '#') return undefined;
      current = { start: i };
      count++;
    }
    i += text[i] === '\\' ? 2 : 1;
  }
  return { count, current };
}

/** The tiers, when `character` is in the tier column of `lineText`; otherwise none. */
export function policyCompletions(lineText: string, position: Position): CompletionItem[] {
  const fields = fieldsBefore(lineText, position.character);
  if (!fields) return [];
  // After "pattern ": a new second field; inside the second field: replace what is typed so far.
  const inTier = fields.current ? fields.count === 2 : fields.count === 1;
  if (!inTier) return [];
  const start = fields.current?.start ?? position.character;
  let end = position.character;
  while (end < lineText.length && lineText[end] !== ' ' && lineText[end] !== '\t') end++;
  const range = lineRange(position.line, start, end);
  return POLICY_TIERS.map((tier, k) => ({
    label: tier,
    kind: CompletionItemKind.EnumMember,
    detail: `tier: ${TIER_DOCS[tier].split(';')[0]}`,
    documentation: { kind: MarkupKind.Markdown, value: `**${tier}** — ${TIER_DOCS[tier]}` },
    sortText: String(k),
    textEdit: { range, newText: tier },
  }));
}

export function policySymbols(parsed: ParsedPolicy): DocumentSymbol[] {
  return parsed.rules.map((rule) => {
    const end = Math.max(rule.tierSpan.end, rule.patternSpan.end);
    return {
      name: `${rule.pattern} → ${rule.tier}`,
      detail: rule.owners.join(' '),
      kind: SymbolKind.Key,
      range: lineRange(rule.line, rule.patternSpan.start, end),
      selectionRange: lineRange(rule.line, rule.patternSpan.start, rule.patternSpan.end),
    };
  });
}
