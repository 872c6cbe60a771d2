#!/usr/bin/env node
// Process entry of dist/cli.js (what the git hook, the terminal shim and `bin` run): turns on Node's compile cache
// (core/compileCache.ts), then loads the CLI's bundle beside it (dist/cliMain.js, built from main.ts). Every commit
// starts a fresh Node for the gate.
import { enableCompileCache } from '../core/compileCache';

enableCompileCache();
require('./cliMain.js');
