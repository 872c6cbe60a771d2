// The server holds closed files' snapshots deflated (server/packedEntry.ts): every read gives the snapshot back exactly,
// and a ledger written from packed entries is byte for byte the ledger they were read from.
import * as assert from 'node:assert/strict';
import { FileEntry, Ledger, parseLedger, serializeLedger } from '../../core/ledger/ledger';
import { serializeLedgerIndexed } from '../../core/ledger/ledgerIndex';
import { packEntries, PackedEntry, plainEntry } from '../../server/packedEntry';

const longText = (seed: string, lines: number) => Array.from({ length: lines }, (_, k) => `${seed} line ${k}: const x${k} = f(${k});\n`).join('');

function ledgerText(files: Record<string, unknown>): string {
  const origins = { o1: { id: 'o1', source: 'paste', confidence: 'likely', time: 't', path: 'a.ts' } };
  return JSON.stringify({ version: 1, files, origins, acks: [] });
}

describe('packed ledger snapshots', () => {
  it('gives every snapshot back exactly, and writes the same ledger', () => {
    const files: Record<string, FileEntry> = {};
    // Many files (several blocks), multi-byte text, a large file of its own, and one short enough to stay as it is.
    for (let i = 0; i < 400; i++) files[`src/f${i}.ts`] = { snapshot: longText(`file ${i} é日本😀`, 40), regions: [{ origin: 'o1', start: 0, end: 5 }], updated: `s${i}` };
    files['big.ts'] = { snapshot: longText('big', 20_000), regions: [{ origin: 'o1', start: 3, end: 9 }], updated: 'sb' };
    files['short.ts'] = { snapshot: 'short\n', regions: [{ origin: 'o1', start: 0, end: 5 }], updated: 'ss' };
    const text = ledgerText(files);
    const ledger: Ledger = parseLedger(text);
    packEntries(ledger.files);
    assert.ok(ledger.files['src/f7.ts'] instanceof PackedEntry && ledger.files['big.ts'] instanceof PackedEntry);
    assert.ok(!(ledger.files['short.ts'] instanceof PackedEntry), 'a short snapshot is not worth packing');
    assert.deepEqual(Object.keys(ledger.files), Object.keys(files), 'the files keep their order');
    // Out of order too: the last block read is kept inflated, others are read again.
    for (const path of [...Object.keys(files)].reverse()) assert.equal(ledger.files[path].snapshot, files[path].snapshot, path);
    assert.equal(serializeLedger(ledger), text, 'JSON.stringify writes the entries exactly as read');
    assert.equal(serializeLedgerIndexed(ledger).text, text, 'so does the indexed writer');
    assert.deepEqual(plainEntry(ledger.files['src/f3.ts']), files['src/f3.ts']);
    assert.deepEqual({ ...plainEntry(ledger.files['src/f3.ts']), updated: 'new' }, { ...files['src/f3.ts'], updated: 'new' }, 'spread as a plain entry');
  });

  it('leaves as they are entries it could not write back the same', () => {
    const snapshot = longText('x', 40);
    const text = ledgerText({
      'other-order.ts': { regions: [{ origin: 'o1', start: 0, end: 5 }], snapshot, updated: 's' },
      'extra-key.ts': { snapshot, regions: [{ origin: 'o1', start: 0, end: 5 }], updated: 's', future: 1 },
      'no-stamp.ts': { snapshot, regions: [{ origin: 'o1', start: 0, end: 5 }] },
      // An unpaired surrogate: JSON carries it, UTF-8 cannot.
      'lone-surrogate.ts': { snapshot: `${snapshot}\uD800`, regions: [{ origin: 'o1', start: 0, end: 5 }], updated: 's' },
    });
    const ledger = parseLedger(text);
    packEntries(ledger.files);
    for (const [path, entry] of Object.entries(ledger.files)) assert.ok(!(entry instanceof PackedEntry), `${path} stays as it is`);
    assert.equal(serializeLedger(ledger), text);
  });
});
