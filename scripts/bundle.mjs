// Bundles the extension, the language server and the CLI into dist/ with esbuild (type-checking is `tsc -b`).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

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
// dist/extension.js is what activation loads: it leaves out the language client library, which has its own bundle
// (dist/languageClient.js, required after activate() returned), and the protocol package, whose message types the
// extension needs only as method names (client/messageTypes.ts).
const messageTypesOnly = {
  name: 'message-types-only',
  setup(build) {
    const shim = fileURLToPath(new URL('../client/messageTypes.ts', import.meta.url));
    build.onResolve({ filter: /^vscode-languageserver-protocol$/ }, () => ({ path: shim }));
    build.onResolve({ filter: /^vscode-languageclient(\/|$)|^vscode-jsonrpc(\/|$)/ }, (args) => ({
      errors: [{ text: `${args.path} belongs in dist/languageClient.js (imported by ${args.importer})` }],
    }));
  },
};
// Every client file's `import * as vscode from 'vscode'` becomes one shared namespace (client/vscodeApi.ts).
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    const shim = fileURLToPath(new URL('../client/vscodeApi.ts', import.meta.url));
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.importer === shim ? { path: 'vscode', external: true } : { path: shim }));
  },
};
/**
 * Node built-ins the server needs only after it answered `initialize` (crypto: hashing region text, random ids; zlib:
 * the ledger's snapshots, server/packedEntry.ts), and the gate only after it started git, loaded on first use instead
 * of when the bundle loads: loading crypto was ~7 ms of a ~90 ms start (CPU profile, Node 24). vscode-jsonrpc and our
 * modules take members of the module at the call (`crypto.randomUUID()`), never at load. The module's member names
 * are the ones of the Node running the build: the bundle's import helper (`__toESM`) lists them, and asks for
 * `__esModule`, when the bundle loads: asking the real module there would load it (so it did, until both answers
 * came from here); a member the running Node lacks reads as undefined.
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
const names = ${JSON.stringify(Object.getOwnPropertyNames(requireAtBuild(`node:${args.path}`)))};
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? undefined : load()[key]), // __toESM asks; a built-in is no ES module
  has: (_, key) => key in load(),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => (names.includes(key) ? { value: undefined, writable: true, enumerable: true, configurable: true } : undefined),
});
`,
      }));
    },
  };
}
const requireAtBuild = createRequire(import.meta.url);

const builds = [
  {
    ...common,
    entryPoints: ['client/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['./languageClient.js'],
    plugins: [messageTypesOnly, oneVscodeNamespace],
  },
  { ...common, entryPoints: ['client/languageClient.ts'], outfile: 'dist/languageClient.js', plugins: [oneVscodeNamespace] },
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
    plugins: [lazyBuiltins(['crypto', 'zlib'])],
  },
  // dist/cli.js is the small entry (cli/entry.ts) that turns on Node's compile cache, then loads the bundle beside it:
  // the gate's (dist/cliGate.js, only `check`) or the whole CLI's. crypto on first use, as in the server: the gate
  // starts git before it needs a hash.
  { ...common, entryPoints: ['cli/entry.ts'], outfile: 'dist/cli.js', external: ['./cliMain.js', './cliGate.js'] },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cliMain.js', plugins: [lazyBuiltins(['crypto'])] },
  { ...common, entryPoints: ['cli/gateMain.ts'], outfile: 'dist/cliGate.js', plugins: [lazyBuiltins(['crypto'])] },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching client/, server/, cli/');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
