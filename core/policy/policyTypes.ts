// Types of the `.loadbearing` policy contract, shared by the parser, the matcher and their callers.

import type { PolicyTier, Tier } from '../tier';

/** 0-based UTF-16 columns within one line, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface PolicyRule {
  /** 0-based line in the policy file. */
  line: number;
  /** The pattern exactly as written (escapes such as `\ ` kept), relative to the policy file's folder. */
  pattern: string;
  patternSpan: Span;
  tier: PolicyTier;
  tierSpan: Span;
  /** Informational only: never used for matching. */
  owners: string[];
}

export type PolicyProblemCode =
  | 'unknown-tier'
  | 'missing-tier'
  | 'invalid-pattern'
  | 'pattern-escapes-folder'
  | 'duplicate-rule'
  | 'line-too-long'
  | 'binary-content'
  | 'too-many-rules';

export interface PolicyProblem {
  /** 0-based line in the policy file. */
  line: number;
  span: Span;
  severity: 'error' | 'warning' | 'info';
  /** One of {@link PolicyProblemCode}; typed as string so callers can add their own. */
  code: string;
  message: string;
}

export interface ParsedPolicy {
  /** Repository-relative folder holding the policy file, `/`-separated, '' for the root. */
  dir: string;
  rules: PolicyRule[];
  problems: PolicyProblem[];
  /** `@agents` lines (the pre-edit gate for coding agents); read from the root policy only. */
  agentRules?: AgentRule[];
}

export type AgentAction = 'allow' | 'ask' | 'deny';

/** `@agents <tier> allow|ask|deny` or `@agents <tier> deny-over <N>` (deny while the file holds more than N unreviewed AI lines). */
export interface AgentRule {
  /** 0-based line in the policy file. */
  line: number;
  tier: Tier;
  action?: AgentAction;
  denyOver?: number;
}

export interface TierDecision {
  /** null when the deciding line is `ignore`. */
  tier: Tier | null;
  /** `dir` of the policy file whose line decided. */
  policyDir: string;
  rule: PolicyRule;
}

export interface PolicyMatcherOptions {
  /** Match patterns case-insensitively (git on Windows/macOS); default false, like git on Linux. */
  caseInsensitive?: boolean;
}
