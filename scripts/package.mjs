// Packages dist/ and the manifest into loadbearing.vsix (dependencies are bundled, so --no-dependencies). README images
// stay relative: they ship inside the package (docs/*.png), where VS Code's extension page finds them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const vsce = require.resolve('@vscode/vsce/vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', 'loadbearing.vsix'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 2);
