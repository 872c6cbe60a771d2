// Bundles the extension, the language server and the CLI into dist/ with esbuild (type-checking is `tsc -b`).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { LOADBEARING_VERSION: JSON.stringify(version) },
};
const builds = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/server.ts'], outfile: 'dist/server.js' },
  // dist/cli.js is the small entry (cli/entry.ts) that turns on Node's compile cache, then loads the bundle beside it.
  { ...common, entryPoints: ['cli/entry.ts'], outfile: 'dist/cli.js', external: ['./cliMain.js'] },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cliMain.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching client/, server/, cli/');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
