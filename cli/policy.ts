// Policies for the CLI: the work tree's `.loadbearing` files, or those of a commit's tree (for `verify`, never the work tree).
import { buildPolicy, loadPolicyForPaths, loadPolicySync, LoadedPolicy, POLICY_FILE } from '../core/policy/policyLoader';
import type { Tier } from '../core/tier';
import { git, readBlobs, splitNul } from './git';

export type TierOf = (repoPath: string) => Tier | null;

/** The work tree's policy, loaded on first use: many commands (and most commits) need none. */
export function workTreeTiers(repoRoot: string): TierOf {
  let policy: LoadedPolicy | undefined;
  return (repoPath) => {
    policy ??= loadPolicySync(repoRoot);
    return policy.matcher.tierOf(repoPath);
  };
}

/** The work tree's tiers of just these paths: only the policy files on their way are read, the tree is not walked. */
export function workTreeTiersOf(repoRoot: string, repoPaths: readonly string[]): TierOf {
  const { matcher } = loadPolicyForPaths(repoRoot, repoPaths);
  return (repoPath) => matcher.tierOf(repoPath);
}

const commitPolicies = new Map<string, LoadedPolicy>();

/** The policy as committed in `rev`: its `.loadbearing` blobs, read from the tree. */
export async function commitTiers(root: string, rev: string, env: NodeJS.ProcessEnv): Promise<TierOf> {
  const entries = splitNul(await git(root, ['ls-tree', '-r', '-z', '--full-tree', rev], { env }))
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, id] = line.slice(0, tab).split(' ');
      return { type, id, path: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && (e.path === POLICY_FILE || e.path.endsWith(`/${POLICY_FILE}`)))
    .filter((e) => !e.path.split('/').includes('node_modules'));
  // Consecutive commits mostly share their policy: key the parsed result by the blobs' ids.
  const key = entries.map((e) => `${e.id} ${e.path}`).join('\0');
  let policy = commitPolicies.get(key);
  if (!policy) {
    const blobs = await readBlobs(root, entries.map((e) => e.id), env);
    policy = buildPolicy(new Map(entries.map((e) => [e.path, blobs.get(e.id) ?? ''])));
    commitPolicies.set(key, policy);
  }
  const { matcher } = policy;
  return (repoPath) => matcher.tierOf(repoPath);
}
