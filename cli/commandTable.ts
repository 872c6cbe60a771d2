// The CLI's commands, one entry each, each in its own file.
import type { CliCommand } from './command';
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
