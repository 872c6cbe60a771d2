// The gate's bundle (dist/cliGate.js, loaded by entry.ts for `loadbearing check`): the pre-commit hook runs it at every
// commit, and a Node without a compile cache compiles only what the gate needs (Node 20: ~10 ms less than the whole CLI).
import { checkCommand } from './checkCommand';
import { runInProcess } from './processCli';
import { runCommand } from './runCommand';

runInProcess((argv, io) => runCommand(checkCommand, argv.slice(1), io));
