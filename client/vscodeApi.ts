// Where dist/extension.js and dist/languageClient.js take the `vscode` module from: scripts/bundle.mjs points every
// `import * as vscode from 'vscode'` of the client here. esbuild gives each file importing a CommonJS module its own
// copy of it as an ES namespace (a getter per API name, hundreds of them); 36 files made that 10-30 ms of activation.
export * from 'vscode';
