// The `loadbearing` command line: parses the sub-command and dispatches; exit 0 ok, 1 refused, 2 usage/internal error.
import { productVersion } from '../core/version';
import type { CliIo } from './command';
import { cliCommands } from './commandTable';
import { runCommand } from './runCommand';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(globalHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(productVersion());
    return 0;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    io.err(`loadbearing: unknown command '${name}' (see 'loadbearing --help')`);
    return 2;
  }
  return runCommand(command, rest, io);
}

function globalHelp(): string {
  const listed = cliCommands.filter((c) => !c.internal);
  const width = Math.max(...listed.map((c) => c.usage.length));
  const lines = listed.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    'usage: loadbearing <command> [options]',
    '',
    'Knows which code AI wrote and refuses commits of unreviewed AI code in load-bearing files.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'loadbearing <command> --help' for a command's options. Exit codes: 0 ok, 1 refused, 2 usage or internal error.",
  ].join('\n');
}
