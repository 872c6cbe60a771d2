// The CLI in its process, for both bundles (main.ts, gateMain.ts): real stdout/stderr/cwd around a run, answers read
// from stdin line by line, the exit code.
import type { CliIo } from './command';
import { StdinLines } from './stdinLines';

export function runInProcess(run: (argv: string[], io: CliIo) => Promise<number>): void {
  // Made on the first question: touching process.stdin sets up a stream, which the commands that never ask (the gate) skip.
  let stdin: StdinLines | undefined;
  run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    cwd: process.cwd(),
    env: process.env,
    ask: (question) => (stdin ??= new StdinLines(process.stdin, (text) => process.stderr.write(text))).ask(question),
    color: process.stdout.isTTY === true,
    cliPath: process.argv[1],
    runtimePath: process.execPath,
  })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`loadbearing: internal error: ${String(error)}\n`);
        process.exitCode = 2;
      },
    )
    .finally(() => stdin?.close());
}
