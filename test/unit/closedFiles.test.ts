// The review queue's view of files that are not open: read for each answer (no text is kept), re-anchored only when the
// file's text or its ledger entry changed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { emptyLedger, Ledger } from '../../core/ledger/ledger';
import { ClosedFiles } from '../../server/closedFiles';
import { packEntries, PackedEntry } from '../../server/packedEntry';

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

    write('one\ntwo\n');
    const cached = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(cached?.regions, first?.regions, 'unchanged text: not re-anchored again');
    assert.deepEqual(cached?.doc.positionAt(4), { line: 1, character: 0 }, 'the line index is built for the answer');

    // Same size and time, other text: the text is read for each answer (none is kept), and re-anchored from the snapshot.
    write('ONE\ntwo\n');
    const rewritten = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(rewritten?.doc.getText(), 'ONE\ntwo\n', 'a rewrite that kept size and time is read');
    assert.notEqual(rewritten?.regions, first?.regions, 'and re-anchored');
    assert.deepEqual(rewritten?.regions, [{ origin: 'o1', start: 4, end: 8 }]);

    write('zero\none\ntwo\n');
    const moved = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(moved?.doc.getText(), 'zero\none\ntwo\n');
    assert.deepEqual(moved?.regions, [{ origin: 'o1', start: 9, end: 13 }], 'the region follows the line inserted above it');
    const again = await files.read(abs, uri, 'a.ts', ledgerWith('s1'));
    assert.equal(again?.doc.getText(), 'zero\none\ntwo\n');
    assert.equal(again?.regions, moved?.regions, 'the same text other than the snapshot: not re-anchored again');

    const restamped = await files.read(abs, uri, 'a.ts', { ...emptyLedger(), files: { 'a.ts': { snapshot: 'zero\none\ntwo\n', regions: [{ origin: 'o2', start: 0, end: 5 }], updated: 's2' } } });
    assert.deepEqual(restamped?.regions, [{ origin: 'o2', start: 0, end: 5 }], 'a new ledger entry is re-anchored');

    fs.rmSync(abs);
    assert.equal(await files.read(abs, uri, 'a.ts', ledgerWith('s2')), undefined, 'a deleted file has no regions');
  });

  it('re-anchors a closed file that changed against its snapshot, held deflated', async () => {
    const snapshot = Array.from({ length: 60 }, (_, k) => `line ${k} of the recorded text\n`).join('');
    const start = snapshot.indexOf('line 30');
    const end = snapshot.indexOf('\n', start) + 1;
    const files = { 'a.ts': { snapshot, regions: [{ origin: 'o1', start, end }], updated: 's1' } };
    packEntries(files);
    assert.ok(files['a.ts'] instanceof PackedEntry, 'the snapshot is packed');
    const ledger: Ledger = { ...emptyLedger(), files };
    write(`inserted above\n${snapshot}`);
    const moved = await new ClosedFiles().read(abs, uri, 'a.ts', ledger);
    const shift = 'inserted above\n'.length;
    assert.deepEqual(moved?.regions, [{ origin: 'o1', start: start + shift, end: end + shift }], 'the region follows its line');
    write(snapshot);
    const same = await new ClosedFiles().read(abs, uri, 'a.ts', ledger);
    assert.equal(same?.regions, ledger.files['a.ts'].regions, 'the file as recorded: the entry\'s regions as they are');
  });

  it('keeps no document per closed file', async () => {
    write('one\ntwo\n');
    const files = new ClosedFiles();
    const ledger = ledgerWith('s1');
    const a = await files.read(abs, uri, 'a.ts', ledger);
    const b = await files.read(abs, uri, 'a.ts', ledger);
    assert.notEqual(a, b, 'a document for each answer, none cached');
    assert.equal(a?.doc.getText(), ledger.files['a.ts'].snapshot);
    assert.equal(a?.regions, b?.regions, 'the regions are kept, not re-anchored for each answer');
  });
});
