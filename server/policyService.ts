// Tiers for the server: each repository's policy files (loaded once, reloaded when one changes) or, without any,
// the `loadbearing.policy` setting; answers the tier of a repository-relative path and the line that decided it.
import { GitRepo } from '../core/git/gitRepo';
import { buildPolicy, LoadedPolicy, loadPolicySync } from '../core/policy/policyLoader';
import type { Tier } from '../core/tier';

export interface TierInfo {
  tier: Tier | null;
  /** The policy line that decided, as `path/.loadbearing:LINE` (1-based). */
  rule?: string;
}

export interface TierSource {
  tierOf(repo: GitRepo | undefined, path: string | undefined): TierInfo;
}

export type PolicySetting = Record<string, string>;

export class PolicyService implements TierSource {
  private readonly byRoot = new Map<string, LoadedPolicy>();
  private fromSetting: LoadedPolicy | undefined;

  constructor(private readonly onReload: () => void) {}

  policyOf(repo: GitRepo): LoadedPolicy {
    let loaded = this.byRoot.get(repo.root);
    if (!loaded) {
      loaded = loadPolicySync(repo.root);
      this.byRoot.set(repo.root, loaded);
    }
    return loaded;
  }

  tierOf(repo: GitRepo | undefined, path: string | undefined): TierInfo {
    if (!repo || !path) return { tier: null };
    const loaded = this.policyOf(repo);
    // The policy file, when present, wins over the setting.
    const source = loaded.files.length > 0 ? loaded : this.fromSetting;
    if (!source) return { tier: null };
    const decision = source.matcher.decide(path);
    if (!decision) return { tier: null };
    const file = source === loaded ? `${decision.policyDir ? decision.policyDir + '/' : ''}.loadbearing` : 'setting loadbearing.policy';
    return { tier: decision.tier, rule: `${file}:${decision.rule.line + 1}` };
  }

  /** A policy file was created, changed or deleted somewhere: reload lazily, then republish everything. */
  invalidate(): void {
    this.byRoot.clear();
    this.onReload();
  }

  /** The `loadbearing.policy` setting (pattern → tier), used by repositories without a policy file. */
  setSetting(setting: PolicySetting | undefined): void {
    const lines = Object.entries(setting ?? {}).map(([pattern, tier]) => `${pattern} ${tier}`);
    this.fromSetting = lines.length > 0 ? buildPolicy(new Map([['.loadbearing', lines.join('\n')]])) : undefined;
    this.onReload();
  }
}
