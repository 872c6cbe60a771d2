// The review queue's view of files that are not open: re-read and re-anchored only when the file or its ledger entry
// changed, so a queue refresh after each pause in typing does not read every file with regions again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { emptyLedger, Ledger } from '../../core/ledger/ledger';
import { ClosedFiles } from '../../server/closedFiles';

describe('closed files for the review queue', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-closed-'));
  const abs = path.join(dir, 'a.ts');
  const uri = pathToFileURL(abs).toString();
  const ledgerWith = (stamp: string): Ledger => ({
    ...emptyLedger(),
    files: { 'a.ts': { snapshot: 'one\ntwo\n', regions: [{ origin: 'o1', start: 4, end: 8 }], updated: stamp } },
  });

  it('reuses an unchanged file, and re-reads it when the file or its entry changes', async () => {
    fs.writeFileSync(abs, 'one\ntwo\n');
    const files = new ClosedFiles();
    const first = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.deepEqual(first?.regions, [{ origin: 'o1', start: 4, end: 8 }]);
    assert.equal(await files.read(abs, uri, 'a.ts', ledgerWith('s1')), first, 'unchanged: not read again');

    fs.writeFileSync(abs, 'zero\none\ntwo\n');
    const moved = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.notEqual(moved, first);
    assert.deepEqual(moved?.regions, [{ origin: 'o1', start: 9, end: 13 }], 'the region follows the line inserted above it');

    const restamped = await files.read(abs, uri, 'a.ts', ledgerWith('s2'));
    assert.notEqual(restamped, moved, 'a new ledger entry is re-anchored');

    fs.rmSync(abs);
    assert.equal(await files.read(abs, uri, 'a.ts', ledgerWith('s2')), undefined, 'a deleted file has no regions');
  });
});
