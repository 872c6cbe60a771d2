#!/usr/bin/env node
// Process entry of dist/cli.js: real stdout/stderr/cwd around runCli, a terminal prompt when there is one, and the exit code.
import * as readline from 'node:readline';
import { runCli } from './cli';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  cwd: process.cwd(),
  env: process.env,
  ask: process.stdin.isTTY ? ask : undefined,
  cliPath: process.argv[1],
  runtimePath: process.execPath,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`loadbearing: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);

function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    rl.on('close', () => resolve(''));
  });
}
