#!/usr/bin/env node
// Process entry of dist/cli.js: real stdout/stderr/cwd around runCli, answers read from stdin line by line, the exit code.
import { runCli } from './cli';
import { StdinLines } from './stdinLines';

const stdin = new StdinLines(process.stdin, (question) => process.stderr.write(question));

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  cwd: process.cwd(),
  env: process.env,
  ask: (question) => stdin.ask(question),
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
  .finally(() => stdin.close());
