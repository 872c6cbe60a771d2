// Agent hook latency: `loadbearing agent-hook` per event (Pre and Post, for a file edit and for a shell command) on a
// generated 5,000-file repository, against `node -e 0` measured in the same run, interleaved so load affects both alike.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ScenarioResult } from './benchStats';
import { root } from './paths';

const FILES = 5000;
const CLI = path.join(root, 'dist', 'cli.js');

function generateRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-agents-'));
  for (let k = 0; k < FILES; k++) {
    const folder = path.join(dir, 'src', `mod${k % 250}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `file${k}.ts`), Array.from({ length: 40 }, (_, l) => `export const v${l} = ${k * 100 + l};\n`).join(''));
  }
  fs.writeFileSync(path.join(dir, '.loadbearing'), '/src/mod1/**  critical\n/src/mod2/  high\n*.md  watch\n@agents critical ask\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'generated');
  return dir;
}

function time(args: string[], input?: string, cwd?: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, input, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

function claudeEvent(repo: string, event: 'PreToolUse' | 'PostToolUse', tool: 'Edit' | 'Bash', session: string, id: string): string {
  const input = tool === 'Edit'
    ? { file_path: path.join(repo, 'src', 'mod1', 'file1.ts'), old_string: 'export const v3 = 103;\n', new_string: 'export const v3 = 103;\nexport const added = 1;\n' }
    : { command: "sed -i 's/^export const v5 = 205;$/export const v5 = 0;/' src/mod2/file2.ts", description: 'edit' };
  return JSON.stringify({ session_id: session, transcript_path: '/tmp/t.jsonl', cwd: repo, permission_mode: 'default', hook_event_name: event, tool_name: tool, tool_input: input, tool_use_id: id });
}

export async function agentHookScenario(runs = 15): Promise<ScenarioResult[]> {
  const repo = generateRepo();
  const base: number[] = [];
  const samples = { editPre: [] as number[], editPost: [] as number[], bashPre: [] as number[], bashPost: [] as number[] };
  const file = path.join(repo, 'src', 'mod1', 'file1.ts');
  const other = path.join(repo, 'src', 'mod2', 'file2.ts');
  const original = fs.readFileSync(file, 'utf8');
  const otherOriginal = fs.readFileSync(other, 'utf8');
  try {
    for (let i = 0; i < runs; i++) {
      base.push(time(['-e', '0']));
      const session = `bench-${i}`;
      fs.writeFileSync(file, original);
      samples.editPre.push(time([CLI, 'agent-hook', '--agent', 'claude'], claudeEvent(repo, 'PreToolUse', 'Edit', session, `e${i}`), repo));
      fs.writeFileSync(file, original.replace('export const v3 = 103;\n', 'export const v3 = 103;\nexport const added = 1;\n'));
      samples.editPost.push(time([CLI, 'agent-hook', '--agent', 'claude'], claudeEvent(repo, 'PostToolUse', 'Edit', session, `e${i}`), repo));
      base.push(time(['-e', '0']));
      fs.writeFileSync(other, otherOriginal);
      samples.bashPre.push(time([CLI, 'agent-hook', '--agent', 'claude'], claudeEvent(repo, 'PreToolUse', 'Bash', session, `b${i}`), repo));
      fs.writeFileSync(other, otherOriginal.replace('export const v5 = 205;', 'export const v5 = 0;'));
      samples.bashPost.push(time([CLI, 'agent-hook', '--agent', 'claude'], claudeEvent(repo, 'PostToolUse', 'Bash', session, `b${i}`), repo));
    }
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
  const baselineName = 'node -e 0';
  const note = [`agent-hook: a ${FILES}-file repository; each event is one process, as the agent runs it. Target ≤ 1.5x node -e 0.`];
  return [
    { name: 'agent-hook Pre (Edit, critical: gate)', unit: 'ms', samples: samples.editPre, baselineName, baseline: base, notes: note },
    { name: 'agent-hook Post (Edit: diff + ledger)', unit: 'ms', samples: samples.editPost, baselineName, baseline: base },
    { name: 'agent-hook Pre (Bash: git status)', unit: 'ms', samples: samples.bashPre, baselineName, baseline: base },
    { name: 'agent-hook Post (Bash: status + diff)', unit: 'ms', samples: samples.bashPost, baselineName, baseline: base },
  ];
}
