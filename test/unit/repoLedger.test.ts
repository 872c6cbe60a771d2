// The server's ledger cache: our own writes are never mistaken for someone else's (which would replace newer regions
// with older ones), while another process's change or removal of an entry is picked up.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LedgerStore } from '../../core/ledgerStore';
import { RepoLedger } from '../../server/repoLedger';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('server ledger cache', () => {
  let root: string;
  let external: string[][];
  let ledger: RepoLedger;
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-repoledger-'));
    fs.mkdirSync(path.join(root, '.git'));
    external = [];
    ledger = new RepoLedger(
      { root, gitDir: path.join(root, '.git'), commonDir: path.join(root, '.git') },
      { onExternalChange: (files) => external.push(files), onProblem: () => undefined },
    );
    await ledger.ready;
  });
  afterEach(() => ledger.dispose());

  const origin = (id: string) => ({ id, source: 'paste' as const, confidence: 'likely' as const, time: 'now', path: 'a.ts' });

  it('does not take its own writes for external changes', async () => {
    let regions = [{ origin: 'o1', start: 0, end: 5 }];
    const state = { snapshot: () => ({ text: 'hello world\n', regions }) };
    ledger.markDirty('a.ts', state, [origin('o1')]);
    await ledger.flush();
    regions = [{ origin: 'o1', start: 0, end: 5 }, { origin: 'o2', start: 6, end: 11 }];
    ledger.markDirty('a.ts', state, [origin('o2')]);
    await ledger.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(external.flat().filter((f) => f === 'a.ts'), [], 'our own earlier write was taken for someone else\'s');
    assert.equal(ledger.ledger.files['a.ts']?.regions.length, 2, 'the cache holds our latest write (renames and the queue read it)');
    assert.ok(ledger.ledger.origins.o1 && ledger.ledger.origins.o2, 'origins are kept');
  });

  it('picks up another process changing or removing an entry', async () => {
    const state = { snapshot: () => ({ text: 'hello world\n', regions: [{ origin: 'o1', start: 0, end: 5 }] }) };
    ledger.markDirty('a.ts', state, [origin('o1')]);
    await ledger.flush();
    const cli = new LedgerStore(path.join(root, '.git'));
    await cli.update({ files: { 'a.ts': { snapshot: 'hello world\n', regions: [{ origin: 'o9', start: 6, end: 11 }], updated: 'cli-stamp' } } });
    await waitFor(() => external.flat().includes('a.ts'), 'the external change to be reported');
    assert.equal(ledger.ledger.files['a.ts']?.regions[0].origin, 'o9');
    external = [];
    await cli.update({ files: { 'a.ts': null } }); // as post-commit does for committed regions
    await waitFor(() => external.flat().includes('a.ts'), 'the external removal to be reported');
    assert.equal(ledger.ledger.files['a.ts'], undefined);
  });
});
