// The real language server (dist/server.js), killed with SIGKILL 100 times while it records AI edits and reviews:
// every region it showed (published) and every review it reported done is in the ledger afterwards.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, NotificationType, RequestType, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LedgerStore } from '../../core/ledger/ledgerStore';
import { MarkRequest, RegionsNotification, RegionsParams, ReviewRequest } from '../../core/protocol';
import { numbered, TestRepo } from './helpers/gitFixture';

const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');
const FILE = 'src/auth/a.ts';
const KILLS = Number(process.env.LB_KILLS ?? 100);
const LINES_PER_RUN = 4;

interface Running {
  child: ChildProcess;
  connection: MessageConnection;
  /** Origins of regions the server has shown, and of reviews it has reported done. */
  shown: Set<string>;
  reviewed: Set<string>;
  exited: Promise<void>;
  /** Called on each region notification (vscode-jsonrpc keeps one handler per method). */
  listeners: Set<(params: RegionsParams) => void>;
  /** Called when the server has reported a review done. */
  onReviewed?: () => void;
}

async function startServer(repo: TestRepo, uri: string): Promise<Running> {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: repo.root, env: repo.env, stdio: ['pipe', 'pipe', process.env.LB_DEBUG ? 'inherit' : 'ignore'] });
  child.once('exit', (code, signal) => process.env.LB_DEBUG && console.log('exit', code, signal));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // A killed server's pipe errors must not fail the test run: the kill is the point.
  connection.onError(() => undefined);
  connection.onClose(() => undefined);
  const running: Running = { child, connection, shown: new Set(), reviewed: new Set(), exited, listeners: new Set() };
  connection.onNotification(RegionsNotification.type, (params: RegionsParams) => {
    for (const r of params.regions) running.shown.add(r.origin);
    for (const listener of running.listeners) listener(params);
  });
  connection.onRequest(new RequestType<unknown, unknown, void>('workspace/configuration'), () => [null]);
  connection.listen();
  const rootUri = pathToFileURL(repo.root).toString();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'repo' }] });
  await connection.sendNotification(new NotificationType('initialized'), {});
  await connection.sendNotification(new NotificationType('textDocument/didOpen'), {
    textDocument: { uri, languageId: 'typescript', version: 1, text: repo.read(FILE) },
  });
  return running;
}

/** Marks this run's lines one by one and reviews every other region once it is shown, until killed. */
async function act(server: Running, uri: string, run: number): Promise<void> {
  for (let k = 0; k < LINES_PER_RUN; k++) {
    const line = (run * LINES_PER_RUN + k) * 2; // 0-based; regions never touch
    const range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
    const t0 = Date.now();
    await server.connection.sendRequest(MarkRequest.type, { uri, ranges: [range], source: 'agent' });
    if (process.env.LB_DEBUG) console.log('marked', line, Date.now() - t0);
    if (k % 2 === 1) continue;
    const origin = await waitForShown(server, line);
    const result = await server.connection.sendRequest(ReviewRequest.type, { regions: [{ uri, origin, range }] });
    if (result.reviewed === 1) {
      server.reviewed.add(origin);
      server.onReviewed?.();
    }
  }
}

/** The origin the server shows on `line`, once it shows one there. */
async function waitForShown(server: Running, line: number): Promise<string> {
  return new Promise((resolve) => {
    const listener = (params: RegionsParams) => {
      const region = params.regions.find((r) => r.range.start.line === line);
      if (region) {
        server.listeners.delete(listener);
        resolve(region.origin);
      }
    };
    server.listeners.add(listener);
  });
}

describe('faults: the real language server killed with SIGKILL', function () {
  this.timeout(300_000);

  it(`loses no region it showed and no review it reported done, over ${KILLS} kills`, async () => {
    const repo = TestRepo.create({ '.loadbearing': '/src/auth/**  critical\n', [FILE]: numbered(KILLS * LINES_PER_RUN * 2 + 2) });
    // A ledger with a large entry for another file: every write takes long enough to be killed in its middle.
    const store = new LedgerStore(repo.gitDir());
    const big = 'x'.repeat(60) + '\n';
    await store.update({
      files: { 'src/auth/big.ts': { snapshot: big.repeat(40_000), regions: [{ start: 0, end: big.length, origin: 'seed' }], updated: 'seed' } },
      origins: [{ id: 'seed', path: 'src/auth/big.ts', source: 'agent', confidence: 'certain', time: new Date().toISOString() }],
    });
    const uri = pathToFileURL(repo.path(FILE)).toString();
    const shown = new Set<string>();
    const reviewed = new Set<string>();
    let killedMidway = 0;
    for (let run = 0; run < KILLS; run++) {
      const server = await startServer(repo, uri);
      const acting = Promise.race([act(server, uri, run).catch((e) => process.env.LB_DEBUG && console.log('act', String(e))), server.exited]);
      // Half the kills land the moment a region is shown (the tightest point), a quarter the moment a review is
      // reported done (so that enough reviews are at stake however fast the machine is), a quarter at a random time.
      const at = run % 2 === 0 ? 'shown' : run % 4 === 1 ? 'reviewed' : 'random';
      await Promise.race([
        new Promise((resolve) => setTimeout(resolve, at === 'reviewed' ? 5000 : Math.random() * 600)),
        at === 'shown' ? new Promise((resolve) => server.listeners.add(resolve)) : new Promise(() => undefined),
        at === 'reviewed' ? new Promise<void>((resolve) => (server.onReviewed = resolve)) : new Promise(() => undefined),
      ]);
      if (server.child.kill('SIGKILL')) killedMidway++;
      await acting;
      server.connection.dispose();
      for (const o of server.shown) shown.add(o);
      for (const o of server.reviewed) reviewed.add(o);

      const ledger = await store.readStrict(); // throws if a write was torn
      const regions = new Set((ledger.files[FILE]?.regions ?? []).map((r) => r.origin));
      const acks = new Set(ledger.acks.map((a) => a.origin));
      for (const origin of shown) assert.ok(regions.has(origin), `region ${origin} was shown, then lost after kill ${run}`);
      for (const origin of reviewed) assert.ok(acks.has(origin), `review of ${origin} was reported done, then lost after kill ${run}`);
    }
    console.log(`      ${KILLS} kills; ${shown.size} regions shown and ${reviewed.size} reviews reported before them, none lost`);
    assert.equal(killedMidway, KILLS);
    assert.ok(shown.size >= KILLS / 2, `enough regions were shown before the kills to make the test meaningful (${shown.size})`);
    assert.ok(reviewed.size >= KILLS / 8, `enough reviews were reported before the kills (${reviewed.size})`);
    assert.deepEqual(await store.quarantined(), [], 'no kill corrupted the ledger');
  });
});
