// Installs coding agents' hooks for the editor's command: the server writes the backups in `<git dir>/loadbearing/`,
// which in VS Code only it touches, and it does nothing in a workspace the user has not trusted.
import { agentConfigFile, agentHookCommandLine, AgentInstallResult, installAgentHooks, repoAgentBackupDir } from '../core/agents/agentConfig';
import { AGENT_NAMES } from '../core/agents/agentEvent';
import { findRepo } from '../core/git/gitRepo';
import { LedgerStore } from '../core/ledger/ledgerStore';
import type { InstallAgentHooksParams } from '../core/protocol';

/** Rejects (the client shows the message) when untrusted, outside a repository, or for an unknown agent. */
export async function installAgentHooksFor(params: InstallAgentHooksParams, trusted: boolean): Promise<AgentInstallResult[]> {
  if (!trusted) throw new Error('this workspace is not trusted; agent hooks are never installed in Restricted Mode');
  const results: AgentInstallResult[] = [];
  for (const root of params.roots) {
    const repo = findRepo(root);
    if (!repo) throw new Error(`${root} is not inside a git repository`);
    const backupDir = repoAgentBackupDir(new LedgerStore(repo.gitDir).dir);
    for (const agent of params.agents) {
      if (!AGENT_NAMES.includes(agent)) throw new Error(`unknown agent '${String(agent)}'`);
      const file = agentConfigFile(agent, { root: repo.root });
      results.push(await installAgentHooks(agent, file, agentHookCommandLine(agent, params.cliPath, params.runtime), backupDir));
    }
  }
  return results;
}
