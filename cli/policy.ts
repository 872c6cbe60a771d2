// TEMPORARY stand-in until core/policyLoader.ts lands: root .loadbearing only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { git } from './git';

export type TierOf = (repoPath: string) => string | null;
export interface Decision { tier: string | null; policyDir: string; rule: { line: number; pattern: string; tier: string } }

function build(text: string) {
  const rules = text.split('\n').map((l, line) => ({ l: l.replace(/#.*/, '').trim(), line })).filter((r) => r.l)
    .map(({ l, line }) => { const [pattern, tier] = l.split(/\s+/); return { pattern, tier, line }; });
  const decide = (p: string): Decision | undefined => {
    let found: Decision | undefined;
    for (const r of rules) {
      let pat = r.pattern.startsWith('/') ? r.pattern.slice(1) : `**/${r.pattern}`;
      if (pat.endsWith('/')) pat += '**';
      if (minimatch(p, pat, { dot: true })) found = { tier: r.tier === 'ignore' ? null : r.tier, policyDir: '', rule: { line: r.line, pattern: r.pattern, tier: r.tier } };
    }
    return found;
  };
  return { decide, tierOf: (p: string) => decide(p)?.tier ?? null };
}

export function workTreePolicy(repoRoot: string) {
  let text = '';
  try { text = fs.readFileSync(path.join(repoRoot, '.loadbearing'), 'utf8'); } catch { /* none */ }
  return build(text);
}
export function workTreeTiers(repoRoot: string): TierOf {
  const p = workTreePolicy(repoRoot);
  return (x) => p.tierOf(x);
}
export async function commitTiers(root: string, rev: string, env: NodeJS.ProcessEnv): Promise<TierOf> {
  let text = '';
  try { text = await git(root, ['show', `${rev}:.loadbearing`], { env }); } catch { /* none */ }
  const p = build(text);
  return (x) => p.tierOf(x);
}
