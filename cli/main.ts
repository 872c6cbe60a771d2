// The CLI's bundle (dist/cliMain.js, loaded by entry.ts as dist/cli.js): every command.
import { runCli } from './cli';
import { runInProcess } from './processCli';

runInProcess(runCli);
