// The real language server's review queue in a window where no file is open yet: regions recorded earlier (another
// session, an agent through the CLI) are listed from the start, so the status bar count is right before any file opens.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, NotificationType, RequestType } from 'vscode-jsonrpc/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { QueueRequest, RegionsNotification, RegionsParams } from '../../core/protocol';
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

  it('moves the regions of a file changed while closed from its snapshot (held deflated), in the queue and when it opens', async () => {
    // Long enough for the server to hold its snapshot deflated (server/packedEntry.ts).
    const text = numbered(60, 'a line of code that is long enough');
    const repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': text });
    assert.equal(repo.cli(['mark', 'src/auth/login.ts', '--lines', '40-41', '--source', 'agent']).code, 0);
    const changed = `inserted 1\ninserted 2\ninserted 3\n${text}`;
    fs.writeFileSync(repo.path('src/auth/login.ts'), changed);
    const server = await start(repo, [{ uri: pathToFileURL(repo.root).toString(), name: 'repo' }]);
    const { entries } = await server.sendRequest(QueueRequest.type, {});
    assert.deepEqual(entries.map((e) => [e.path, e.range.start.line, e.range.end.line]), [['src/auth/login.ts', 42, 44]], 'three lines lower');
    const uri = pathToFileURL(repo.path('src/auth/login.ts')).toString();
    const shown = new Promise<RegionsParams>((resolve) =>
      server.onNotification(RegionsNotification.method, (params: RegionsParams) => {
        if (params.regions.length > 0) resolve(params);
      }),
    );
    await server.sendNotification(new NotificationType('textDocument/didOpen'), { textDocument: { uri, languageId: 'typescript', version: 1, text: changed } });
    assert.deepEqual((await shown).regions.map((r) => [r.range.start.line, r.range.end.line]), [[42, 44]], 'the open document too');
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
