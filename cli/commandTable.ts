// The CLI's commands, one entry each; a command not built yet says so and exits 2 rather than printing anything fake.
import type { CliIo } from './cli';

export class UsageError extends Error {}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  details?: string;
  run(args: string[], io: CliIo): Promise<number>;
}

function notYet(name: string): CliCommand['run'] {
  return async (_args, io) => {
    io.err(`loadbearing ${name}: not implemented yet in this version`);
    return 2;
  };
}

export const cliCommands: CliCommand[] = [
  { name: 'check', usage: 'check --staged', summary: 'Refuse (exit 1) when staged load-bearing files hold unreviewed AI code.', run: notYet('check') },
  { name: 'tier', usage: 'tier <path>...', summary: "Each path's tier and the policy line that decided it.", run: notYet('tier') },
  { name: 'status', usage: 'status [--json]', summary: 'The AI-written regions of the working tree.', run: notYet('status') },
  { name: 'review', usage: 'review <path>[:<line>] [--yes]', summary: 'Acknowledge reviewing a region (or a whole file where its tier allows).', run: notYet('review') },
  { name: 'mark', usage: 'mark <path> --lines A-B --source agent [--tool NAME]', summary: 'Record lines as AI-written (for agent hooks and scripts).', run: notYet('mark') },
  { name: 'install-hook', usage: 'install-hook', summary: 'Install the pre-commit gate (chains an existing hook).', run: notYet('install-hook') },
  { name: 'uninstall-hook', usage: 'uninstall-hook', summary: 'Remove the gate and restore the previous hook.', run: notYet('uninstall-hook') },
  { name: 'verify', usage: 'verify <rev-range> [--json]', summary: 'For CI: fail on commits with unacknowledged AI code in gated paths.', run: notYet('verify') },
];
