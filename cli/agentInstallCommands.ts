// `loadbearing install-agent-hooks [--agent …] [--user]` / `uninstall-agent-hooks`: each coding agent's hook config,
// merged (never clobbering other hooks) and taken out again byte for byte.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AGENT_NAMES, AgentName } from '../core/agents/agentEvent';
import { AgentConfigError, agentConfigFile, agentHookCommandLine, installAgentHooks, repoAgentBackupDir, uninstallAgentHooks } from '../core/agents/agentConfig';
import { parseCommandArgs, rejectExtraPositionals, stringValue } from './args';
import { openRepo } from './repoContext';
import { type CliCommand, type CliIo, UsageError } from './command';

const OPTIONS = { agent: { type: 'string' as const }, user: { type: 'boolean' as const } };

interface Target {
  agents: AgentName[];
  base: { root: string } | { home: string };
  backupDir: string;
}

function target(args: string[], io: CliIo): Target {
  const parsed = parseCommandArgs(args, OPTIONS);
  rejectExtraPositionals(parsed);
  const agentArg = stringValue(parsed, 'agent');
  const agents = (agentArg ? agentArg.split(',') : parsed.values.user === true ? ['claude', 'codex', 'cursor'] : [...AGENT_NAMES]) as AgentName[];
  for (const a of agents) if (!AGENT_NAMES.includes(a)) throw new UsageError(`unknown agent '${a}' (expected ${AGENT_NAMES.join(', ')})`);
  if (parsed.values.user === true) {
    const home = io.env?.HOME ?? os.homedir();
    return { agents, base: { home }, backupDir: path.join(home, '.loadbearing', 'agent-hooks') };
  }
  const ctx = openRepo(io);
  return { agents, base: { root: ctx.repo.root }, backupDir: repoAgentBackupDir(ctx.store.dir) };
}

export const installAgentHooksCommand: CliCommand = {
  name: 'install-agent-hooks',
  usage: 'install-agent-hooks [--agent claude,codex,cursor,copilot] [--user]',
  summary: "Add Loadbearing's hooks to coding agents' configs (gate and record their edits).",
  details: [
    'Merges Loadbearing into .claude/settings.json, .codex/hooks.json, .cursor/hooks.json and .github/hooks/loadbearing.json',
    "of the repository (--user: the agents' configs in your home folder). Other hooks are kept; running it again changes",
    'nothing. The hooks run this CLI with the node that runs it now, so they work where node is not on PATH.',
  ].join('\n'),
  async run(args, io) {
    const t = target(args, io);
    const cliPath = path.resolve(io.cliPath ?? process.argv[1] ?? '');
    if (!fs.existsSync(cliPath)) throw new UsageError(`cannot find the running CLI (${cliPath}) to record in the hooks`);
    const runtime = { path: io.runtimePath ?? process.execPath, electron: false };
    try {
      for (const agent of t.agents) {
        const file = agentConfigFile(agent, t.base);
        const result = await installAgentHooks(agent, file, agentHookCommandLine(agent, cliPath, runtime), t.backupDir);
        io.out(`${result.action} ${agent}: ${file}`);
      }
    } catch (error) {
      if (error instanceof AgentConfigError) throw new UsageError(error.message);
      throw error;
    }
    return 0;
  },
};

export const uninstallAgentHooksCommand: CliCommand = {
  name: 'uninstall-agent-hooks',
  usage: 'uninstall-agent-hooks [--agent claude,codex,cursor,copilot] [--user]',
  summary: "Remove Loadbearing's agent hooks, restoring each config as it was.",
  async run(args, io) {
    const t = target(args, io);
    try {
      for (const agent of t.agents) {
        const file = agentConfigFile(agent, t.base);
        const result = await uninstallAgentHooks(agent, file, t.backupDir);
        const said = { restored: 'restored', removed: 'removed', edited: 'removed our hooks from', absent: 'no Loadbearing hooks in' }[result.action];
        io.out(`${said} ${agent}: ${file}`);
      }
    } catch (error) {
      if (error instanceof AgentConfigError) throw new UsageError(error.message);
      throw error;
    }
    return 0;
  },
};
