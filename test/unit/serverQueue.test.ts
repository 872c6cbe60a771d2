// The real language server's review queue in a window where no file is open yet: regions recorded earlier (another
// session, an agent through the CLI) are listed from the start, so the status bar count is right before any file opens.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, NotificationType, RequestType } from 'vscode-jsonrpc/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { QueueRequest } from '../../core/protocol';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';

const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');

describe('language server queue before any file is opened', function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  let connection: MessageConnection | undefined;
  afterEach(() => {
    connection?.dispose();
    child?.kill();
  });

  async function start(repo: TestRepo, workspaceFolders: { uri: string; name: string }[] | null): Promise<MessageConnection> {
    child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: repo.root, env: repo.env, stdio: ['pipe', 'pipe', 'ignore'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onRequest(new RequestType<unknown, unknown, void>('workspace/configuration'), () => [null]);
    connection.listen();
    const rootUri = workspaceFolders?.[0]?.uri ?? null;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders });
    await connection.sendNotification(new NotificationType('initialized'), {});
    return connection;
  }

  it('lists the regions recorded in the workspace folder’s repository', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(6) });
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '2-3', '--source', 'agent']).code, 0);
    const uri = pathToFileURL(repo.path('src')).toString();
    const server = await start(repo, [{ uri, name: 'src' }]);
    const { entries } = await server.sendRequest(QueueRequest.type, {});
    assert.deepEqual(
      entries.map((e) => [e.path, e.tier, e.range.start.line, e.range.end.line]),
      [['src/auth/login.ts', 'critical', 1, 3]],
    );
  });

  it('a folder outside any repository, or none at all, lists nothing and does not fail', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY });
    const outside = pathToFileURL(path.dirname(repo.root)).toString();
    let server = await start(repo, [{ uri: outside, name: 'outside' }]);
    assert.deepEqual((await server.sendRequest(QueueRequest.type, {})).entries, []);
    connection?.dispose();
    child?.kill();
    server = await start(repo, null);
    assert.deepEqual((await server.sendRequest(QueueRequest.type, {})).entries, []);
  });
});
