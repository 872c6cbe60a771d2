// The server reads the ledger in small pieces (server/serverLedgerStore.ts): the text it gets must be exactly what one
// read decodes, whatever the piece boundaries cut (a multi-byte character, a byte order mark, invalid bytes), and a
// missing or corrupted ledger must be handled as before: empty, or moved aside and reported, never taken as empty.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Ledger, LedgerFormatError } from '../../core/ledger/ledger';
import { internLedgerStrings } from '../../core/ledger/ledgerIntern';
import { LedgerStore } from '../../core/ledger/ledgerStore';
import { readUtf8InPieces, ServerLedgerStore } from '../../server/serverLedgerStore';

describe('server ledger reads in pieces', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-pieces-'));
  const file = path.join(dir, 'text');

  it('decodes exactly as one read does, whatever the piece size', async () => {
    const samples: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('plain ascii\n'),
      Buffer.from('\uFEFF{"é":"日本語 — 😀"}\r\n'.repeat(50)),
      // Invalid UTF-8: a lone continuation byte, a truncated 3-byte sequence, an overlong encoding, a cut 4-byte tail.
      Buffer.concat([Buffer.from('a'), Buffer.from([0x80, 0xe6, 0x97, 0x41, 0xc0, 0xaf]), Buffer.from('😀'), Buffer.from([0xf0, 0x9f, 0x98])]),
    ];
    for (const bytes of samples) {
      fs.writeFileSync(file, bytes);
      for (const piece of [1, 2, 3, 5, 7, 64, 1 << 16]) {
        assert.equal(await readUtf8InPieces(file, piece), bytes.toString('utf8'), `${bytes.length} bytes in pieces of ${piece}`);
      }
    }
  });

  it('reads a missing ledger as empty and a valid one as LedgerStore does', async () => {
    const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-pieces-git-'));
    const store = new ServerLedgerStore(gitDir);
    assert.deepEqual(await store.readStrict(), { version: 1, files: {}, origins: {}, acks: [] });
    const time = new Date().toISOString();
    await store.update({
      files: { 'a.ts': { snapshot: 'const é = "😀";\n'.repeat(5000), regions: [{ origin: 'o1', start: 0, end: 17 }], updated: time } },
      origins: [{ id: 'o1', source: 'paste', confidence: 'likely', time, path: 'a.ts' }],
    });
    assert.deepEqual(await store.readStrict(), await new LedgerStore(gitDir).readStrict());
  });

  it('fails a corrupted ledger closed and moves it aside, as LedgerStore does', async () => {
    const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-pieces-bad-'));
    const store = new ServerLedgerStore(gitDir);
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(store.file, '{"version":1,"files":{');
    await assert.rejects(store.readStrict(), LedgerFormatError);
    const { ledger, corruption } = await store.read();
    assert.deepEqual(ledger.files, {});
    assert.ok(corruption && fs.existsSync(corruption.movedTo), 'the corrupted ledger is kept, moved aside');
    assert.deepEqual(await store.quarantined(), [corruption.movedTo]);
  });
});

describe('ledger string interning', () => {
  it('changes no value', () => {
    const time = '2026-01-01T00:00:00.000Z';
    const parsed = (): Ledger =>
      JSON.parse(
        JSON.stringify({
          version: 1,
          files: { 'a.ts': { snapshot: 'ab\n', regions: [{ origin: 'o1', start: 0, end: 2 }], updated: time } },
          origins: { o1: { id: 'o1', source: 'paste', confidence: 'likely', time, path: 'a.ts' }, o2: { id: 'o2', source: 'chat', confidence: 'certain', time, path: 'b.ts' } },
          acks: [{ origin: 'o1', textHash: 'h', path: 'a.ts', reviewer: { name: 'N', email: 'e' }, time }],
        }),
      ) as Ledger;
    assert.deepEqual(internLedgerStrings(parsed()), parsed());
  });
});
