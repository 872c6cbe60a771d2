// Stands in for vscode-languageserver-protocol in dist/extension.js (scripts/bundle.mjs maps the package here for
// that bundle only). core/protocol.ts builds its message types with the package's classes; in the extension they are
// only carriers of a method name, since ServerConnection sends by name. The real package (with vscode-jsonrpc, ~300 KB)
// would cost activation ~50 ms; it comes with the language client's bundle, loaded after activation.
export class NotificationType<P> {
  declare readonly _: [P] | undefined;
  constructor(readonly method: string) {}
}

export class RequestType<P, R, E> {
  declare readonly _: [P, R, E] | undefined;
  constructor(readonly method: string) {}
}

export class RequestType0<R, E> {
  declare readonly _: [R, E] | undefined;
  constructor(readonly method: string) {}
}
