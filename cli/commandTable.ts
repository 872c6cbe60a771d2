// The CLI's commands, one entry each, each in its own file.
import type { CliIo } from './cli';
import { agentHookCommand } from './agentHookCommand';
import { installAgentHooksCommand, uninstallAgentHooksCommand } from './agentInstallCommands';
import { checkCommand } from './checkCommand';
import { installHookCommand, postCommitCommand, postRewriteCommand, uninstallHookCommand } from './hookCommands';
import { markCommand } from './markCommand';
import { fetchNotesCommand, notesMergeCommand } from './notesCommands';
import { reportCommand } from './reportCommand';
import { reviewCommand } from './reviewCommand';
import { statusCommand } from './statusCommand';
import { tierCommand } from './tierCommand';
import { verifyCommand } from './verifyCommand';

export { UsageError } from './usageError';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  details?: string;
  /** Run by the hooks, not by people: left out of `--help`. */
  internal?: boolean;
  run(args: string[], io: CliIo): Promise<number>;
}

export const cliCommands: CliCommand[] = [
  checkCommand,
  tierCommand,
  statusCommand,
  reviewCommand,
  markCommand,
  installHookCommand,
  uninstallHookCommand,
  verifyCommand,
  postCommitCommand,
  postRewriteCommand,
  fetchNotesCommand,
  notesMergeCommand,
  agentHookCommand,
  installAgentHooksCommand,
  uninstallAgentHooksCommand,
  reportCommand,
];
