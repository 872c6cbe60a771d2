#!/usr/bin/env node
// Process entry of dist/cli.js (what the git hook, the terminal shim and `bin` run): turns on Node's compile cache
// (core/compileCache.ts), then loads the bundle beside it: the gate's own (dist/cliGate.js, from gateMain.ts) for
// `check`, which every commit runs in a fresh Node, or the whole CLI's (dist/cliMain.js, from main.ts).
import { enableCompileCache } from '../core/compileCache';

enableCompileCache();
require(process.argv[2] === 'check' ? './cliGate.js' : './cliMain.js');
