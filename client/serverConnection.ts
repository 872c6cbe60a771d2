// The extension's one line to the language server. `activate()` does not load the language client library: it is
// half the extension's code and most of the time VS Code would charge activation for. `start()` loads it (from its
// own bundle, dist/languageClient.js) after activation returned; meanwhile requests wait for it, and notification
// handlers and state listeners are kept and attached when it exists, so nothing asked or pushed early is lost.
//
// Messages go by method name: in dist/extension.js the protocol's message types are plain method carriers
// (client/messageTypes.ts), and the library's own types live in the other bundle.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Attributor } from './attribution/attributor';
import type { ChangesBeforeSync } from './attribution/changesBeforeSync';
import type { Log } from './log';
import type { ServerState } from './statusBar';

/** What the language client reports; 'failed' (it never started) is start()'s rejection. */
export type ConnectionState = Exclude<ServerState, 'failed'>;

/** What dist/languageClient.js exports (client/languageClient.ts). */
export interface LanguageClientModule {
  createLanguageClient(context: vscode.ExtensionContext, log: Log, attributor: Attributor, beforeSync: ChangesBeforeSync): LanguageClient;
  /** The library's State enum mapped to ours. */
  serverState(state: number): ConnectionState;
}

export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly created: Promise<LanguageClient>;
  private resolveCreated!: (client: LanguageClient) => void;
  private rejectCreated!: (error: unknown) => void;
  private readonly handlers = new Map<string, (params: unknown) => void>();
  private readonly attached = new Map<string, vscode.Disposable>();
  /** Notifications sent before the client existed, in order. */
  private pending: { method: string; params: unknown }[] = [];
  private readonly stateChanged = new vscode.EventEmitter<ConnectionState>();
  /** The server is starting (again), running, or stopped (crashed or shut down). */
  readonly onDidChangeState = this.stateChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.stateChanged];

  constructor(
    private readonly load: () => LanguageClientModule,
    private readonly log: Pick<Log, 'info'>,
  ) {
    this.created = new Promise((resolve, reject) => {
      this.resolveCreated = resolve;
      this.rejectCreated = reject;
    });
    // A request made before start() settles with start()'s failure; nobody need handle this copy.
    this.created.catch(() => undefined);
  }

  /** Loads the language client, creates it with `create`'s arguments and starts the server; settles when it answered. */
  async start(...args: Parameters<LanguageClientModule['createLanguageClient']>): Promise<void> {
    let client: LanguageClient;
    let mod: LanguageClientModule;
    try {
      mod = this.load();
      client = mod.createLanguageClient(...args);
    } catch (error) {
      this.rejectCreated(error);
      throw error;
    }
    for (const [method, handler] of this.handlers) this.attached.set(method, client.onNotification(method, handler));
    this.disposables.push(client.onDidChangeState((event) => this.stateChanged.fire(mod.serverState(event.newState))));
    // The library holds notifications until the server answered `initialize`, in the order they were sent.
    for (const { method, params } of this.pending) this.send(client, method, params);
    this.pending = [];
    this.client = client;
    this.resolveCreated(client);
    await client.start();
  }

  async sendRequest<R>(type: RequestType0<R, void>): Promise<R>;
  async sendRequest<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  async sendRequest<P, R>(type: RequestType<P, R, void> | RequestType0<R, void>, params?: P): Promise<R> {
    const client = await this.created;
    return params === undefined ? client.sendRequest<R>(type.method) : client.sendRequest<R>(type.method, params);
  }

  /** Sent once the client exists, in call order (a notification is not lost because the server is still starting). */
  sendNotification<P>(type: NotificationType<P>, params: P): void {
    if (this.client) this.send(this.client, type.method, params);
    else this.pending.push({ method: type.method, params });
  }

  /** A notification the server cannot take (it is down, restarting) is logged, not thrown at the caller. */
  private send(client: LanguageClient, method: string, params: unknown): void {
    client.sendNotification(method, params).catch((error: unknown) => this.log.info(`${method} not sent: ${error instanceof Error ? error.message : String(error)}`));
  }

  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable {
    this.handlers.set(type.method, handler as (params: unknown) => void);
    if (this.client) this.attached.set(type.method, this.client.onNotification(type.method, handler));
    return new vscode.Disposable(() => {
      this.handlers.delete(type.method);
      this.attached.get(type.method)?.dispose();
      this.attached.delete(type.method);
    });
  }

  /** Stops the server if it runs (deactivation). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.needsStop()) await client.stop();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
