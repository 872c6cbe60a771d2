// The tiers of load-bearing code, in one place: the type, their order of severity, which tiers the commit gate holds
// by default, and the review rule a tier carries (critical code is reviewed one region at a time). Everything else
// (the policy parser, the gate, the server, the client, the CLI, the report) takes them from here.

export type Tier = 'critical' | 'high' | 'watch';

/** Every tier, most severe first. */
export const TIERS: readonly Tier[] = ['critical', 'high', 'watch'];

/** What the tier column of `.loadbearing` accepts: a tier, or `ignore` (last). */
export type PolicyTier = Tier | 'ignore';
export const POLICY_TIERS: readonly PolicyTier[] = [...TIERS, 'ignore'];

/** `loadbearing.commitGate.tiers` and `check --staged` default. */
export const DEFAULT_GATE_TIERS: readonly Tier[] = ['critical', 'high'];

export function isTier(word: unknown): word is Tier {
  return (TIERS as readonly unknown[]).includes(word);
}

/** Sort key, most severe first; a file in no tier (null) comes last. */
export function tierRank(tier: Tier | null | undefined): number {
  return tier ? TIERS.indexOf(tier) : TIERS.length;
}

/**
 * Critical code is reviewed one region at a time, each after it was read: never by a bulk acknowledgment (a whole
 * file, `--all`, "mark all"). The server refuses a bulk review of critical regions; the editor and the CLI step
 * through them instead.
 */
export function reviewsOneAtATime(tier: Tier | null | undefined): boolean {
  return tier === 'critical';
}

/**
 * A review of critical code carries evidence that it was read: time on screen (loadbearing.review.minSeconds and
 * minSecondsPerLine), or else a one-line reason. Other tiers record what was seen, with nothing required.
 */
export function requiresReviewEvidence(tier: Tier | null | undefined): boolean {
  return tier === 'critical';
}
