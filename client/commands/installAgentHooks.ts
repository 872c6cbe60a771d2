// Loadbearing: Install Agent Hooks — Claude Code, Codex, Cursor and Copilot hooks that gate and record agents' edits,
// in each repository of the workspace (never in an untrusted one), and the one-time offer to install them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AGENT_NAMES, AgentName } from '../../core/agents/agentEvent';
import { agentConfigFile, agentHooksInstalled } from '../../core/agents/agentConfig';
import type { GitRepo } from '../../core/git/gitRepo';
import { POLICY_FILE } from '../../core/policy/policyLoader';
import { InstallAgentHooksRequest } from '../../core/protocol';
import { workspaceRepos } from '../commitGate';
import { CommandContext } from './context';

const LABELS: Record<AgentName, string> = { claude: 'Claude Code', codex: 'Codex CLI', cursor: 'Cursor', copilot: 'GitHub Copilot (CLI, cloud agent, VS Code agent mode)' };
/** The folder that says a repository already uses the agent. */
const CONFIG_FOLDERS: Record<AgentName, string> = { claude: '.claude', codex: '.codex', cursor: '.cursor', copilot: path.join('.github', 'hooks') };
const OFFERED_KEY = 'loadbearing.agentHooksOffered';

/** Agents whose config folder exists in the repository. */
export function agentsInUse(repo: GitRepo): AgentName[] {
  return AGENT_NAMES.filter((agent) => fs.existsSync(path.join(repo.root, CONFIG_FOLDERS[agent])));
}

/** Command body: `agents` as an argument (tests, the offer) or picked by the user; returns the config files written. */
export async function installAgentHooks(ctx: CommandContext, agentsArg?: unknown): Promise<string[]> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Loadbearing: this workspace is not trusted; agent hooks are never installed in Restricted Mode.');
    return [];
  }
  const repos = workspaceRepos();
  if (repos.length === 0) {
    void vscode.window.showInformationMessage('Loadbearing: no git repository in this workspace.');
    return [];
  }
  let agents = Array.isArray(agentsArg) ? agentsArg.filter((a): a is AgentName => AGENT_NAMES.includes(a as AgentName)) : undefined;
  if (!agents) {
    const used = new Set(repos.flatMap(agentsInUse));
    const picked = await vscode.window.showQuickPick(
      AGENT_NAMES.map((agent) => ({ label: LABELS[agent], agent, picked: used.size === 0 || used.has(agent) })),
      { canPickMany: true, title: 'Install Loadbearing hooks for which coding agents?' },
    );
    if (!picked || picked.length === 0) return [];
    agents = picked.map((p) => p.agent);
  }
  const cliPath = ctx.extension.asAbsolutePath(path.join('dist', 'cli.js'));
  // VS Code's own runtime, as for the git hooks: no `node` on PATH is needed.
  const runtime = { path: process.execPath, electron: Boolean(process.versions.electron) };
  // The server writes the configs and their backups (in <git dir>/loadbearing, which only it touches in VS Code).
  const results = await ctx.client.sendRequest(InstallAgentHooksRequest.type, { roots: repos.map((r) => r.root), agents, cliPath, runtime });
  for (const r of results) ctx.log.info(`agent hooks for ${r.agent}: ${r.action} ${r.file}`);
  const written = results.map((r) => r.file);
  void vscode.window.showInformationMessage(`Loadbearing: agent hooks installed (${written.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}). Remove them with 'loadbearing uninstall-agent-hooks'.`);
  return written;
}

/** Once per workspace: a trusted repository with a policy and an agent's config folder, not yet set up, gets the offer. */
export async function offerAgentHooks(ctx: CommandContext): Promise<void> {
  const state = ctx.extension.workspaceState;
  if (!vscode.workspace.isTrusted || state.get<string>(OFFERED_KEY) !== undefined) return;
  const candidates: AgentName[] = [];
  for (const repo of workspaceRepos()) {
    if (!fs.existsSync(path.join(repo.root, POLICY_FILE))) continue;
    for (const agent of agentsInUse(repo)) {
      if (!(await agentHooksInstalled(agentConfigFile(agent, { root: repo.root })))) candidates.push(agent);
    }
  }
  const agents = [...new Set(candidates)];
  if (agents.length === 0) return;
  const choice = await vscode.window.showInformationMessage(
    `Loadbearing: install hooks so that edits by ${agents.map((a) => LABELS[a].split(' (')[0]).join(', ')} are recorded exactly and gated in load-bearing files?`,
    'Install Agent Hooks',
    'Not Now',
  );
  // Remembered whatever the answer (dismissed included): the offer is made once.
  await state.update(OFFERED_KEY, choice ?? 'dismissed');
  if (choice === 'Install Agent Hooks') await installAgentHooks(ctx, agents);
}
