// The pre-edit gate: each tier's decision in each agent's answer format, the review-debt rule, the `@agents` policy
// syntax and its diagnostics, and the commit gate refusing the agent's unreviewed lines.
import * as assert from 'node:assert/strict';
import { parsePolicy } from '../../core/policy/policyParser';
import { analyzePolicy } from '../../server/policyAnalysis';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';
import { fixture, hook } from './helpers/agentHooks';

/** Each agent's Pre payload for an edit of `file` (repository-relative). */
function pres(repo: TestRepo, file: string): Array<{ agent: string; input: string }> {
  const abs = repo.path(file);
  const patch = JSON.parse(fixture(repo, 'codex/pre-apply-patch.json')) as { tool_input: { command: string } };
  patch.tool_input.command = `*** Begin Patch\n*** Update File: ${file}\n@@\n-line 1\n+changed\n*** End Patch\n`;
  const cli = JSON.parse(fixture(repo, 'copilot/cli-pre-edit.json')) as { toolArgs: string };
  cli.toolArgs = JSON.stringify({ path: abs, old_str: 'line 1', new_str: 'changed' });
  const swap = (name: string) => fixture(repo, name).replace(new RegExp(`${repo.root}/src/auth/login\\.ts`, 'g'), abs);
  return [
    { agent: 'claude', input: swap('claude/pre-edit.json') },
    { agent: 'codex', input: JSON.stringify(patch) },
    { agent: 'cursor', input: swap('cursor/pre-tool-use-strreplace.json') },
    { agent: 'copilot', input: JSON.stringify(cli) },
    { agent: 'copilot', input: swap('copilot/vscode-pre-editfiles.json') },
  ];
}

/** The decision an answer carries, whatever the agent's format. */
function decisionOf(answer: Record<string, unknown>): { decision: string; reason: string } {
  const specific = answer.hookSpecificOutput as Record<string, string> | undefined;
  if (specific) {
    assert.equal(specific.hookEventName, 'PreToolUse');
    return { decision: specific.permissionDecision, reason: specific.permissionDecisionReason };
  }
  if ('permission' in answer) {
    assert.equal(answer.user_message, answer.agent_message);
    return { decision: String(answer.permission), reason: String(answer.agent_message) };
  }
  if ('permissionDecision' in answer) return { decision: String(answer.permissionDecision), reason: String(answer.permissionDecisionReason) };
  assert.deepEqual(answer, {}, 'no decision means an empty answer');
  return { decision: 'allow', reason: '' };
}

describe('agent-hook: the pre-edit gate', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  const files = { 'src/auth/login.ts': numbered(6), 'main.tf': numbered(3), 'docs/guide.md': numbered(3), 'free.txt': numbered(3) };

  async function answers(file: string): Promise<Array<{ agent: string; format: string; decision: string; reason: string }>> {
    const out = [];
    for (const { agent, input } of pres(repo, file)) {
      const r = await hook(repo, agent, input);
      assert.equal(r.code, 0, r.err);
      const answer = JSON.parse(r.out) as Record<string, unknown>;
      const format = answer.hookSpecificOutput ? 'hookSpecificOutput' : 'permission' in answer ? 'cursor' : 'permissionDecision' in answer ? 'copilot-cli' : 'empty';
      out.push({ agent, format, ...decisionOf(answer) });
    }
    return out;
  }

  it('defaults: critical asks (Codex, which cannot ask, denies), high, watch and untiered files are allowed', async () => {
    repo = TestRepo.create({ '.loadbearing': POLICY, ...files });
    const critical = await answers('src/auth/login.ts');
    assert.deepEqual(critical.map((a) => [a.agent, a.format, a.decision]), [
      ['claude', 'hookSpecificOutput', 'ask'],
      ['codex', 'hookSpecificOutput', 'deny'],
      ['cursor', 'cursor', 'ask'],
      ['copilot', 'copilot-cli', 'ask'],
      ['copilot', 'hookSpecificOutput', 'ask'],
    ]);
    for (const a of critical) assert.match(a.reason, /^Loadbearing: src\/auth\/login\.ts is critical and holds 0 unreviewed AI regions \(0 lines\)/);
    assert.match(critical[1].reason, /Codex hooks cannot ask/);
    for (const file of ['main.tf', 'docs/guide.md', 'free.txt']) {
      assert.deepEqual((await answers(file)).map((a) => a.decision), ['allow', 'allow', 'allow', 'allow', 'allow'], file);
    }
  });

  it('@agents lines set each tier: deny, ask, allow', async () => {
    repo = TestRepo.create({ '.loadbearing': `${POLICY}@agents critical allow\n@agents high deny\n@agents watch ask\n`, ...files });
    assert.deepEqual((await answers('src/auth/login.ts')).map((a) => a.decision), ['allow', 'allow', 'allow', 'allow', 'allow']);
    const high = await answers('main.tf');
    assert.deepEqual(high.map((a) => a.decision), ['deny', 'deny', 'deny', 'deny', 'deny']);
    assert.match(high[0].reason, /main\.tf is high .*agents may not edit high files \('@agents high deny'\)/);
    assert.deepEqual((await answers('docs/guide.md')).map((a) => a.decision), ['ask', 'deny', 'ask', 'ask', 'ask']);
  });

  it('deny-over: a critical file holding more unreviewed AI lines than allowed is denied until they are reviewed', async () => {
    repo = TestRepo.create({ '.loadbearing': `${POLICY}@agents critical allow\n@agents critical deny-over 1\n`, ...files });
    await hook(repo, 'claude', fixture(repo, 'claude/pre-edit.json'));
    repo.write('src/auth/login.ts', repo.read('src/auth/login.ts').replace('line 3\n', "line 3\nif (!user) throw new Error('no user');\nreturn user;\n"));
    await hook(repo, 'claude', fixture(repo, 'claude/post-edit.json'));
    const denied = await answers('src/auth/login.ts');
    assert.deepEqual(denied.map((a) => a.decision), ['deny', 'deny', 'deny', 'deny', 'deny']);
    assert.match(denied[0].reason, /src\/auth\/login\.ts is critical and holds 1 unreviewed AI region \(2 lines\); more than the 1 unreviewed AI lines allowed by '@agents critical deny-over 1'/);
    const reviewed = repo.cli(['review', 'src/auth/login.ts:4', '--yes']);
    assert.equal(reviewed.code, 0, reviewed.err);
    assert.deepEqual((await answers('src/auth/login.ts')).map((a) => a.decision), ['allow', 'allow', 'allow', 'allow', 'allow']);
  });

  it("the commit gate refuses the agent's unreviewed lines", async () => {
    repo = TestRepo.create({ '.loadbearing': POLICY, ...files });
    await hook(repo, 'codex', fixture(repo, 'codex/pre-apply-patch.json'));
    repo.write('src/auth/login.ts', repo.read('src/auth/login.ts').replace('line 3\n', "const role = 'admin';\naudit(role);\n"));
    repo.write('src/auth/roles.ts', "export const roles = ['admin'];\n");
    await hook(repo, 'codex', fixture(repo, 'codex/post-apply-patch.json'));
    repo.git('add', '-A');
    const check = repo.cli(['check', '--staged']);
    assert.equal(check.code, 1, check.out + check.err);
    assert.match(check.out + check.err, /src\/auth\/login\.ts:3-4 +critical +agent/);
    assert.match(check.out + check.err, /src\/auth\/roles\.ts:1-1 +critical +agent/);
    // Bypassed, the commit's note still says which agent, model and session wrote those lines.
    assert.equal(repo.cli(['install-hook']).code, 0);
    const commit = repo.commit('agent work', ['--no-verify']);
    assert.equal(commit.code, 0, commit.err);
    const note = repo.git('notes', '--ref=loadbearing', 'show', 'HEAD');
    assert.match(note, /"tool": "codex apply_patch",\s+"model": "gpt-5-codex",\s+"session": "019a6b2e-codex-session"/);
  });
});

describe('@agents lines in the policy', () => {
  it('are read as agent rules, not patterns, with no diagnostic', () => {
    const parsed = parsePolicy('/src/** critical\n@agents critical ask\n@agents high deny-over 20  # review debt\n', '');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.rules.map((r) => r.pattern), ['/src/**']);
    assert.deepEqual(parsed.agentRules, [
      { line: 1, tier: 'critical', action: 'ask' },
      { line: 2, tier: 'high', denyOver: 20 },
    ]);
    const analysis = analyzePolicy('@agents critical ask\n', '', { paths: ['a.ts'], truncated: false });
    assert.deepEqual(analysis.rules, [], 'no "matches nothing" for an agents line');
  });

  it('a malformed line gets an error on the exact word; a sub-folder policy gets a warning', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['@agents', 0, 7, /Incomplete agents rule/],
      ['@agents critical maybe', 17, 22, /Unknown decision 'maybe'/],
      ['@agents urgent ask', 8, 14, /Unknown tier 'urgent'/],
      ['@agents critical deny-over many', 27, 31, /'deny-over' needs a whole number/],
      ['@agents critical ask now', 21, 24, /Unexpected text/],
    ];
    for (const [line, start, end, message] of cases) {
      const parsed = parsePolicy(`${line}\n`, '');
      assert.equal(parsed.problems.length, 1, line);
      assert.equal(parsed.problems[0].code, 'invalid-agents-rule');
      assert.equal(parsed.problems[0].severity, 'error');
      assert.deepEqual(parsed.problems[0].span, { start, end }, line);
      assert.match(parsed.problems[0].message, message);
      assert.equal(parsed.agentRules, undefined);
      assert.deepEqual(parsed.rules, []);
    }
    const nested = parsePolicy('@agents critical deny\n', 'src');
    assert.equal(nested.problems[0].code, 'agents-rule-not-root');
    assert.equal(nested.problems[0].severity, 'warning');
    assert.equal(nested.agentRules, undefined);
  });
});
