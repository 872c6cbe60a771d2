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

  // A fixed modification time, so that a rewrite can keep it and the cache cannot tell the file changed.
  const write = (text: string) => {
    fs.writeFileSync(abs, text);
    fs.utimesSync(abs, 1_700_000_000, 1_700_000_000);
  };

  it('reuses an unchanged file, and re-reads it when the file or its entry changes', async () => {
    write('one\ntwo\n');
    const files = new ClosedFiles();
    const first = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.deepEqual(first?.regions, [{ origin: 'o1', start: 4, end: 8 }]);
    assert.equal(first?.doc.getText(), 'one\ntwo\n');

    // Same size and time, other text: only a file that was not read again still shows the first text.
    write('ONE\nTWO\n');
    const cached = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(cached?.doc.getText(), 'one\ntwo\n', 'unchanged size and time: not read again');
    assert.equal(cached?.regions, first?.regions, 'nor re-anchored again');
    assert.deepEqual(cached?.doc.positionAt(4), { line: 1, character: 0 }, 'the line index is built for the answer');

    write('zero\none\ntwo\n');
    const moved = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(moved?.doc.getText(), 'zero\none\ntwo\n');
    assert.deepEqual(moved?.regions, [{ origin: 'o1', start: 9, end: 13 }], 'the region follows the line inserted above it');
    const again = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(again?.doc.getText(), 'zero\none\ntwo\n', 'a text other than the snapshot is kept for the next answer');
    assert.equal(again?.regions, moved?.regions);

    const restamped = await files.read(abs, uri, 'a.ts', { ...emptyLedger(), files: { 'a.ts': { snapshot: 'zero\none\ntwo\n', regions: [{ origin: 'o2', start: 0, end: 5 }], updated: 's2' } } });
    assert.deepEqual(restamped?.regions, [{ origin: 'o2', start: 0, end: 5 }], 'a new ledger entry is re-anchored');

    fs.rmSync(abs);
    assert.equal(await files.read(abs, uri, 'a.ts', ledgerWith('s2')), undefined, 'a deleted file has no regions');
  });

  it('keeps no document per closed file, and no second copy of a text the ledger holds', async () => {
    write('one\ntwo\n');
    const files = new ClosedFiles();
    const ledger = ledgerWith('s1');
    const a = await files.read(abs, uri, 'a.ts', ledger);
    const b = await files.read(abs, uri, 'a.ts', ledger);
    assert.notEqual(a, b, 'a document for each answer, none cached');
    assert.equal(a?.doc.getText(), ledger.files['a.ts'].snapshot);
  });
});
