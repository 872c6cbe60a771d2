// Policy scenarios: tier lookup for 50k paths against a 200-line policy, policy reload, and hostile policies.
import { performance } from 'node:perf_hooks';
import { ScenarioResult, median } from './benchStats';
import { PolicyMatcher } from '../../core/policy/policyMatcher';
import { parsePolicy } from '../../core/policy/policyParser';

/** Deterministic pseudo-random numbers (mulberry32): every run measures the same inputs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOP = ['src', 'lib', 'services', 'packages', 'infra', 'docs', 'test', 'scripts', 'config', 'web'];
const EXT = ['.ts', '.tsx', '.js', '.py', '.go', '.tf', '.sql', '.md', '.json', '.yml'];

/** A repository-like set of paths: a few top folders, 40 modules each, nested folders, common extensions. */
export function benchPaths(count: number, seed = 1): string[] {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const paths = new Set<string>();
  while (paths.size < count) {
    const depth = 1 + Math.floor(rnd() * 4);
    const parts = [pick(TOP), `mod${Math.floor(rnd() * 40)}`];
    for (let d = 0; d < depth; d++) parts.push(pick(['core', 'api', 'util', 'auth', 'db', 'ui', 'model', 'v1', 'v2', 'internal']));
    parts.push(`file${Math.floor(rnd() * 500)}${pick(EXT)}`);
    paths.add(parts.join('/'));
  }
  return [...paths];
}

/** A 200-line policy mixing what real ones hold: anchored folders, globs, extensions, file names, ignores. */
export function benchPolicyText(lines = 200, seed = 2): string {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const tiers = ['critical', 'high', 'watch', 'ignore'];
  const out = ['# generated benchmark policy'];
  for (let k = 0; out.length <= lines; k++) {
    const kind = k % 8;
    const pattern =
      kind === 0 ? `/${pick(TOP)}/mod${Math.floor(rnd() * 40)}/`
      : kind === 1 ? `/${pick(TOP)}/mod${Math.floor(rnd() * 40)}/${pick(['auth', 'db', 'api'])}/**`
      : kind === 2 ? `*${pick(EXT)}`
      : kind === 3 ? `/${pick(TOP)}/*/${pick(['auth', 'db', 'internal'])}/`
      : kind === 4 ? `file${Math.floor(rnd() * 500)}${pick(EXT)}`
      : kind === 5 ? `**/${pick(['v1', 'v2', 'model'])}/*.ts`
      : kind === 6 ? `/${pick(TOP)}/mod${Math.floor(rnd() * 40)}/**/file[0-4]*${pick(EXT)}`
      : `${pick(['auth', 'db', 'ui'])}/`;
    out.push(`${pattern.padEnd(40)} ${pick(tiers)}    @team${k % 7}`);
  }
  return `${out.join('\n')}\n`;
}

function time(f: () => void): number {
  const started = performance.now();
  f();
  return performance.now() - started;
}

/** Per-lookup time (µs) for 50k paths against a 200-line policy; baseline: 200 startsWith prefix checks per path. */
export async function policyLookupScenario(): Promise<ScenarioResult> {
  const paths = benchPaths(50_000);
  const text = benchPolicyText(200);
  const matcher = new PolicyMatcher([parsePolicy(text, '')]);
  const prefixes = text.split('\n').filter((l) => l.startsWith('/')).map((l) => l.split(/\s+/)[0].slice(1).replace(/[*[].*$/, ''));
  while (prefixes.length < 200) prefixes.push(...prefixes.slice(0, 200 - prefixes.length));
  const naive = (p: string) => {
    let hit = -1;
    for (let k = 0; k < prefixes.length; k++) if (p.startsWith(prefixes[k])) hit = k;
    return hit;
  };
  const set = new Set(paths.filter((_, k) => k % 3 === 0));
  let sink = 0;
  // Warm up both, so the samples measure steady state.
  for (const p of paths) sink += matcher.tierOf(p) ? 1 : 0;
  for (const p of paths) sink += naive(p);
  const batch = 1_000;
  const samples: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let k = 0; k < paths.length; k += batch) {
      const chunk = paths.slice(k, k + batch);
      samples.push((time(() => chunk.forEach((p) => (sink += matcher.tierOf(p) ? 1 : 0))) * 1000) / chunk.length);
      baseline.push((time(() => chunk.forEach((p) => (sink += naive(p)))) * 1000) / chunk.length);
    }
  }
  const totals = Array.from({ length: 7 }, () => time(() => paths.forEach((p) => (sink += matcher.tierOf(p) ? 1 : 0))));
  const setTotal = median(Array.from({ length: 7 }, () => time(() => paths.forEach((p) => (sink += set.has(p) ? 1 : 0)))));
  const tiers = new Map<string, number>();
  for (const p of paths) tiers.set(String(matcher.tierOf(p)), (tiers.get(String(matcher.tierOf(p))) ?? 0) + 1);
  return {
    name: 'tier lookup, 50k paths × 200-line policy (per lookup)',
    unit: 'µs',
    samples,
    baselineName: '200 startsWith checks',
    baseline,
    notes: [
      `all 50k paths: median ${median(totals).toFixed(1)} ms (Set.has over the same paths: ${setTotal.toFixed(2)} ms)`,
      `tiers: ${[...tiers].map(([t, n]) => `${t} ${n}`).join(', ')} (checksum ${sink % 1000})`,
    ],
  };
}

/** Parse + build the matcher for the 200-line policy; baseline: JSON.parse of the same rules as JSON. */
export async function policyReloadScenario(): Promise<ScenarioResult> {
  const text = benchPolicyText(200);
  const json = JSON.stringify(parsePolicy(text, '').rules.map((r) => ({ pattern: r.pattern, tier: r.tier, owners: r.owners })));
  let sink = 0;
  const samples: number[] = [];
  const baseline: number[] = [];
  for (let k = 0; k < 200; k++) {
    samples.push(time(() => (sink += new PolicyMatcher([parsePolicy(text, '')]).tierOf('src/mod1/auth/file1.ts') ? 1 : 0)));
    baseline.push(time(() => (sink += (JSON.parse(json) as unknown[]).length)));
  }
  return {
    name: 'policy reload, 200 lines (parse + matcher)',
    unit: 'ms',
    samples: samples.slice(20),
    baselineName: `JSON.parse of the same rules (${(json.length / 1024).toFixed(0)} KB)`,
    baseline: baseline.slice(20),
    notes: [`policy text ${(text.length / 1024).toFixed(1)} KB (checksum ${sink % 10})`],
  };
}

/** Hostile policies, each parsed, compiled and asked for 1,000 paths (some 4,000 characters long). */
export function hostilePolicies(): Record<string, string> {
  const bigLines: string[] = [];
  for (let k = 0, size = 0; size < 1024 * 1024; k++) {
    bigLines.push(`/src/dir${k}/**/*.ts high`);
    size += bigLines[k].length + 1;
  }
  return {
    '1 MB policy': bigLines.join('\n'),
    '100k-char line': `${'a/'.repeat(50_000)} high\n/src/ watch\n`,
    // Under the 4,096-character line limit, so it is really compiled (braces are literal in gitignore syntax).
    'brace bomb': `${'{a,b}'.repeat(800)} high\n${'{a,{b,{c,{d,{e,*}}}}}/'.repeat(150)} high\n/src/ watch\n`,
    '** bomb': `${'**/'.repeat(1_300)}x critical\n${'**/a/'.repeat(800)}** high\n`,
    'star bomb': `${'*a'.repeat(2_000)}*b watch\n${'[a-z]*'.repeat(600)}z high\n`,
  };
}

function hostilePaths(): string[] {
  const paths = benchPaths(990, 3);
  for (let k = 0; k < 10; k++) paths.push(`${'a/'.repeat(1_000 + k)}${'a'.repeat(1_000)}`.slice(0, 4_000));
  return paths;
}

export async function policyHostileScenario(): Promise<ScenarioResult> {
  const paths = hostilePaths();
  const normal = benchPolicyText(200);
  const run = (text: string) => time(() => {
    const matcher = new PolicyMatcher([parsePolicy(text, '')]);
    for (const p of paths) matcher.tierOf(p);
  });
  const samples: number[] = [];
  const baseline: number[] = [];
  const worst: Record<string, number[]> = {};
  const inputs = Object.entries(hostilePolicies());
  for (let round = 0; round < 5; round++) {
    let slowest = 0;
    for (const [name, text] of inputs) {
      const ms = run(text);
      (worst[name] ??= []).push(ms);
      slowest = Math.max(slowest, ms);
    }
    samples.push(slowest);
    baseline.push(run(normal));
  }
  return {
    name: 'hostile policy: parse + 1,000 lookups (slowest input per round)',
    unit: 'ms',
    samples,
    baselineName: '200-line policy, same lookups',
    baseline,
    notes: Object.entries(worst).map(([name, ms]) => `${name}: median ${median(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`),
  };
}
