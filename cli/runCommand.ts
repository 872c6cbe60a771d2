// Runs one command with its arguments: its help, or its run with usage and internal errors reported (exit 2).
import { CliCommand, CliIo, UsageError } from './command';

export async function runCommand(command: CliCommand, rest: string[], io: CliIo): Promise<number> {
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`loadbearing ${command.name}: ${error.message}`);
      return 2;
    }
    io.err(`loadbearing ${command.name}: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

function commandHelp(command: CliCommand): string {
  return [`usage: loadbearing ${command.usage}`, '', command.summary, ...(command.details ? ['', command.details] : [])].join(
    '\n',
  );
}
