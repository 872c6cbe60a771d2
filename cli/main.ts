#!/usr/bin/env node
// Process entry of dist/cli.js: real stdout/stderr/cwd around runCli, and the exit code.
import { runCli } from './cli';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`loadbearing: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
