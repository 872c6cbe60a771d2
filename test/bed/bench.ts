// `npm run bench`: runs every scenario, prints a table (median, p99, ratio to a same-run baseline), writes bench/results.json.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { report, ScenarioResult } from './benchStats';
import { agentHookScenario } from './benchAgentHook';
import { policyHostileScenario, policyLookupScenario, policyReloadScenario } from './benchPolicy';
import { freezeScenario } from './benchFreeze';
import { activationScenario, serverStartScenario } from './benchStartup';
import { hugePasteScenario, keystrokeScenario, millionLineOpenScenario, publishScenario } from './benchTyping';
import { root } from './paths';
import { checkStagedScenario, serverMemoryScenario } from './benchCheckStaged';

const scenarios: Record<string, () => Promise<ScenarioResult | ScenarioResult[]>> = {
  keystroke: keystrokeScenario,
  publish: publishScenario,
  'huge-paste': hugePasteScenario,
  'million-lines': millionLineOpenScenario,
  'server-start': () => serverStartScenario(20),
  activation: () => activationScenario(5),
  'policy-lookup': policyLookupScenario,
  'policy-reload': policyReloadScenario,
  'policy-hostile': policyHostileScenario,
  'freeze-typing': () => freezeScenario(['typing', 'review'], 2),
  'freeze-paste': () => freezeScenario(['paste'], 2),
  'freeze-open': () => freezeScenario(['open'], 2),
  'check-staged': () => checkStagedScenario(10),
  'server-memory': () => serverMemoryScenario(3),
  'agent-hook': () => agentHookScenario(15),
};

async function main(): Promise<void> {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1]?.split(',') : undefined;
  const packaged = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs')], { cwd: root, stdio: 'pipe' });
  if (packaged.status !== 0) throw new Error(`packaging failed:\n${packaged.stdout}${packaged.stderr}`);
  const results: ScenarioResult[] = [];
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`[bench] ${name}…\n`);
    results.push(...[await scenario()].flat());
  }
  const file = path.join(root, 'bench', 'results.json');
  console.log(report(results, file));
  console.log(`\nwrote ${path.relative(root, file)}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
