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
/**
 * Node built-ins the server needs only after it answered `initialize` (crypto: hashing region text, random ids), loaded
 * on first use instead of when the bundle loads: loading crypto was ~7 ms of a ~90 ms start (CPU profile, Node 24).
 * vscode-jsonrpc and our modules take members of the module at the call (`crypto.randomUUID()`), never at load.
 */
function lazyBuiltins(names) {
  const filter = new RegExp(`^(node:)?(${names.join('|')})$`);
  return {
    name: 'lazy-builtins',
    setup(build) {
      // The shim's own require of the module is left to esbuild (external, as every built-in).
      build.onResolve({ filter }, (args) =>
        args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
      );
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
        loader: 'js',
        contents: `let loaded;
const load = () => (loaded ??= require('node:${args.path}'));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
`,
      }));
    },
  };
}

const builds = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The language server: dist/server.js is a small stub the client launches (it turns on Node's compile cache), which
  // loads the server itself, dist/serverMain.js. Whitespace and syntax minified, less to parse on a Node without the
  // compile cache (Node 20: ~4 ms of the start); names kept, so that a stack trace in the log still says where.
  { ...common, entryPoints: ['server/serverStart.ts'], outfile: 'dist/server.js', external: ['./serverMain.js'] },
  {
    ...common,
    entryPoints: ['server/server.ts'],
    outfile: 'dist/serverMain.js',
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [lazyBuiltins(['crypto'])],
  },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching client/, server/, cli/');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
