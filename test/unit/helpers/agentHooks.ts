// Feeding recorded agent hook payloads (fixtures/agents) to `loadbearing agent-hook` and reading `status --json`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../cli/cli';
import type { TestRepo } from './gitFixture';

const FIXTURES = path.resolve(__dirname, '../../../../test/unit/fixtures/agents');

export function fixture(repo: TestRepo, name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8').replace(/\$\{REPO\}/g, repo.root);
}

export async function hook(repo: TestRepo, agent: string, input: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['agent-hook', '--agent', agent], { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd: repo.root, env: repo.env, input });
  return { code, out, err };
}

export interface Row {
  path: string;
  startLine: number;
  endLine: number;
  source: string;
  confidence: string;
  tool: string | null;
  model: string | null;
  session: string | null;
}

export function status(repo: TestRepo): Row[] {
  const r = repo.cli(['status', '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Row[];
}

