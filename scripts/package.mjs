// Packages dist/ and the manifest into loadbearing.vsix (dependencies are bundled, so --no-dependencies).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const vsce = require.resolve('@vscode/vsce/vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', 'loadbearing.vsix'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 2);
