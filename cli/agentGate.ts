// The pre-edit gate as the hook runs it: each named file's tier (only the policy files on its path are read: a
// sub-folder's `.loadbearing` governs only its folder), its unreviewed AI regions, and the root policy's `@agents` rules.
import * as fs from 'node:fs';
import { agentPolicy, AgentDecision, decideAgentEdit, FileStanding } from '../core/agents/agentPolicy';
import type { Ledger } from '../core/ledger/ledger';
import { loadPolicyForPaths, POLICY_FILE } from '../core/policy/policyLoader';
import type { Tier } from '../core/tier';
import { absolutePath, RepoContext } from './repoContext';
import { readWorkText, workFile } from './workTree';

export async function gateDecision(ctx: RepoContext, repoPaths: readonly string[]): Promise<AgentDecision> {
  if (repoPaths.length === 0) return { action: 'allow', reasons: [] };
  const loaded = loadPolicyForPaths(ctx.repo.root, repoPaths);
  const rootPolicy = loaded.files.find((f) => f.path === POLICY_FILE);
  const policy = agentPolicy(rootPolicy?.parsed.agentRules);
  let ledger: Ledger | undefined;
  let ledgerRead = false;
  const standings: FileStanding[] = [];
  for (const repoPath of repoPaths) {
    const tier = loaded.matcher.tierOf(repoPath) as Tier | null;
    const standing: FileStanding = { path: repoPath, tier, unreviewedRegions: 0, unreviewedLines: 0 };
    // The ledger is read only when a decision may depend on it (a tier that is not plainly allowed).
    if (tier !== null && (policy.actions[tier] !== 'allow' || policy.denyOver[tier] !== undefined)) {
      if (!ledgerRead) {
        ledgerRead = true;
        // A corrupted ledger counts as holding nothing here; the commit gate still fails closed on it.
        ledger = await ctx.store.readStrict().catch(() => undefined);
      }
      if (ledger?.files[repoPath] && fs.existsSync(absolutePath(ctx, repoPath))) {
        const text = await readWorkText(ctx, repoPath);
        if (text !== undefined) {
          const open = workFile(ledger, repoPath, text).views.filter((v) => v.ack === undefined);
          standing.unreviewedRegions = open.length;
          standing.unreviewedLines = open.reduce((sum, v) => sum + v.endLine - v.startLine + 1, 0);
        }
      }
    }
    standings.push(standing);
  }
  return decideAgentEdit(policy, standings);
}
