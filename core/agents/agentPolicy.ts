// The pre-edit gate for coding agents: `@agents` lines of the root `.loadbearing` and the decision they give for a file.
//
//   @agents critical ask          a person approves each agent edit to a critical file (the default)
//   @agents high deny             agents may not edit high files at all
//   @agents critical deny-over 20 deny while the file already holds more than 20 unreviewed AI lines (review debt)
import type { AgentAction, AgentRule, PolicyProblem, Span } from '../policy/policyTypes';
import { isTier, type Tier } from '../tier';

export type { AgentAction, AgentRule } from '../policy/policyTypes';

export const AGENT_ACTIONS: readonly AgentAction[] = ['allow', 'ask', 'deny'];
export const DEFAULT_AGENT_ACTIONS: Readonly<Record<Tier, AgentAction>> = { critical: 'ask', high: 'allow', watch: 'allow' };

export interface AgentPolicy {
  actions: Record<Tier, AgentAction>;
  denyOver: Partial<Record<Tier, number>>;
}

interface Token {
  start: number;
  end: number;
  text: string;
}

const USAGE = "expected '@agents <critical|high|watch> <allow|ask|deny>' or '@agents <tier> deny-over <N>'";

/** One `@agents` line (tokens as the policy parser splits them); problems name the exact column. */
export function parseAgentLine(tokens: readonly Token[], line: number, isRoot: boolean): { rule?: AgentRule; problems: PolicyProblem[] } {
  const problem = (span: Span, message: string, code = 'invalid-agents-rule', severity: PolicyProblem['severity'] = 'error') => ({
    problems: [{ line, span, severity, code, message }],
  });
  const [keyword, tierToken, actionToken, countToken, extra] = tokens;
  const whole = { start: keyword.start, end: tokens[tokens.length - 1].end };
  if (!tierToken) return problem(whole, `Incomplete agents rule: ${USAGE}.`);
  if (!isTier(tierToken.text)) {
    return problem({ start: tierToken.start, end: tierToken.end }, `Unknown tier '${tierToken.text.slice(0, 40)}' in an agents rule: ${USAGE}.`);
  }
  const tier = tierToken.text as Tier;
  if (!actionToken) return problem(whole, `Missing decision after '${tier}': ${USAGE}.`);
  let rule: AgentRule;
  if (actionToken.text === 'deny-over') {
    if (!countToken || !/^\d{1,9}$/.test(countToken.text)) {
      return problem(countToken ? { start: countToken.start, end: countToken.end } : { start: actionToken.start, end: actionToken.end }, `'deny-over' needs a whole number of unreviewed AI lines, e.g. '@agents ${tier} deny-over 20'.`);
    }
    if (extra) return problem({ start: extra.start, end: tokens[tokens.length - 1].end }, `Unexpected text after the agents rule: ${USAGE}.`);
    rule = { line, tier, denyOver: Number(countToken.text) };
  } else {
    if (!(AGENT_ACTIONS as readonly string[]).includes(actionToken.text)) {
      return problem({ start: actionToken.start, end: actionToken.end }, `Unknown decision '${actionToken.text.slice(0, 40)}': ${USAGE}.`);
    }
    if (countToken) return problem({ start: countToken.start, end: tokens[tokens.length - 1].end }, `Unexpected text after the agents rule: ${USAGE}.`);
    rule = { line, tier, action: actionToken.text as AgentAction };
  }
  if (!isRoot) {
    return {
      problems: [{ line, span: whole, severity: 'warning', code: 'agents-rule-not-root', message: 'Agents rules are read from the root .loadbearing only; this line has no effect here.' }],
    };
  }
  return { rule, problems: [] };
}

/** The root policy's rules over the defaults; a later line for the same tier wins, as for patterns. */
export function agentPolicy(rules: readonly AgentRule[] | undefined): AgentPolicy {
  const policy: AgentPolicy = { actions: { ...DEFAULT_AGENT_ACTIONS }, denyOver: {} };
  for (const rule of rules ?? []) {
    if (rule.action) policy.actions[rule.tier] = rule.action;
    if (rule.denyOver !== undefined) policy.denyOver[rule.tier] = rule.denyOver;
  }
  return policy;
}

export interface FileStanding {
  /** Repository-relative path. */
  path: string;
  tier: Tier | null;
  /** Unreviewed, non-trivial AI regions the file holds now, and their lines. */
  unreviewedRegions: number;
  unreviewedLines: number;
}

export interface AgentDecision {
  action: AgentAction;
  /** The files that decided (the most restrictive), empty when nothing objected. */
  reasons: string[];
}

const SEVERITY: Record<AgentAction, number> = { allow: 0, ask: 1, deny: 2 };

/** The most restrictive decision over every file the tool names, with a reason per objecting file. */
export function decideAgentEdit(policy: AgentPolicy, files: readonly FileStanding[]): AgentDecision {
  let action: AgentAction = 'allow';
  let reasons: string[] = [];
  for (const file of files) {
    if (file.tier === null) continue;
    let own = policy.actions[file.tier];
    const limit = policy.denyOver[file.tier];
    const overLimit = limit !== undefined && file.unreviewedLines > limit;
    if (overLimit) own = 'deny';
    if (own === 'allow') continue;
    const regions = `${file.unreviewedRegions} unreviewed AI region${file.unreviewedRegions === 1 ? '' : 's'} (${file.unreviewedLines} line${file.unreviewedLines === 1 ? '' : 's'})`;
    const why = overLimit
      ? `more than the ${limit} unreviewed AI lines allowed by '@agents ${file.tier} deny-over ${limit}'; review them first (loadbearing review ${file.path})`
      : own === 'ask'
        ? `a person must approve agent edits to ${file.tier} files ('@agents ${file.tier} ask')`
        : `agents may not edit ${file.tier} files ('@agents ${file.tier} deny')`;
    const reason = `Loadbearing: ${file.path} is ${file.tier} and holds ${regions}; ${why}.`;
    if (SEVERITY[own] > SEVERITY[action]) {
      action = own;
      reasons = [reason];
    } else if (SEVERITY[own] === SEVERITY[action]) {
      reasons.push(reason);
    }
  }
  return { action, reasons };
}
