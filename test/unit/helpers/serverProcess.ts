// The real language server (dist/server.js) over stdio in a test repository, with every notification it sends kept
// in order, so tests can wait for one and check what came before it.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, NotificationType, RequestType, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { InitializationOptions } from '../../../core/protocol';
import { TestRepo } from './gitFixture';

const SERVER_PATH = path.resolve(__dirname, '../../../../dist/server.js');

export interface Received {
  method: string;
  params: unknown;
}

export class ServerProcess {
  readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification((method, params) => {
      this.received.push({ method, params });
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  /** Starts the server on `repo` (its root as the workspace folder) and completes the initialize handshake. */
  static async start(repo: TestRepo, options: { initializationOptions?: InitializationOptions; env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: repo.root, env: options.env ?? repo.env, stdio: ['pipe', 'pipe', 'ignore'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onRequest(new RequestType<unknown, unknown, void>('workspace/configuration'), () => [null]);
    connection.onRequest(new RequestType<unknown, unknown, void>('client/registerCapability'), () => null);
    const server = new ServerProcess(child, connection);
    connection.listen();
    const rootUri = pathToFileURL(repo.root).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: {},
      workspaceFolders: [{ uri: rootUri, name: 'repo' }],
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    });
    await connection.sendNotification(new NotificationType('initialized'), {});
    return server;
  }

  /** The notifications of one method received so far. */
  of<P>(type: { method: string }): P[] {
    return this.received.filter((r) => r.method === type.method).map((r) => r.params as P);
  }

  /** Waits for a notification of this method whose params satisfy `test`; fails after `timeoutMs`. */
  waitFor<P>(type: { method: string }, test: (params: P) => boolean = () => true, timeoutMs = 20_000): Promise<P> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.of<P>(type).find(test);
        if (hit === undefined) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${type.method} notification as expected within ${timeoutMs} ms; received: ${this.received.map((r) => r.method).join(', ')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  async openDocument(uri: string, text: string, languageId = 'typescript'): Promise<void> {
    await this.connection.sendNotification(new NotificationType('textDocument/didOpen'), { textDocument: { uri, languageId, version: 1, text } });
  }

  async closeDocument(uri: string): Promise<void> {
    await this.connection.sendNotification(new NotificationType('textDocument/didClose'), { textDocument: { uri } });
  }

  dispose(): void {
    this.connection.dispose();
    this.child.kill();
  }
}
