// The gate's index of the ledger (core/ledger/ledgerIndex.ts): the ledger's text is unchanged, a selection through the
// index is what the whole ledger says about those files, and an index that does not match the bytes is never used.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideGate, StagedFile } from '../../core/review/commitGate';
import { emptyLedger, Ledger, LedgerFormatError, parseLedger, reviewHash, serializeLedger } from '../../core/ledger/ledger';
import { indexedSelection, serializeLedgerIndexed, stampedSelection } from '../../core/ledger/ledgerIndex';
import { settleStamp, stampOf } from '../../core/ledger/ledgerStamp';
import { LedgerStore } from '../../core/ledger/ledgerStore';
import { setOwn } from '../../core/json';

const TIME = '2026-01-01T00:00:00Z';
const REVIEWER = { name: 'R', email: 'r@x' };

/** Files with several regions each, some acknowledged (some twice), origins shared and missing, odd characters everywhere. */
function sampleLedger(): Ledger {
  const ledger = emptyLedger();
  const paths = ['src/a.ts', 'src/b é.ts', 'src/"quoted".ts', 'src/emoji 😀.py', 'src/c.ts', 'src/ünï/d.ts', 'src/tab\there.ts', 'constructor', '__proto__'];
  paths.forEach((file, f) => {
    const lines = Array.from({ length: 12 }, (_, l) => `line ${l} of ${file} ${l % 3 === 0 ? '😀 ü \u2028' : ''}\n`);
    const snapshot = lines.join('') + (f === 3 ? '\ud800 lone surrogate\n' : '');
    const regions = [];
    let at = 0;
    for (let l = 0; l < lines.length; l++) {
      if (l % 4 === 1) {
        const origin = f === 4 && l === 5 ? 'missing-origin' : l === 9 ? `shared-${f % 2}` : `o-${f}-${l}`;
        regions.push({ origin, start: at, end: at + lines[l].length });
        if (origin !== 'missing-origin' && !ledger.origins[origin]) {
          ledger.origins[origin] = { id: origin, source: 'agent', confidence: 'certain', time: TIME, path: file, inserted: lines[l] };
        }
        if (l !== 5) ledger.acks.push({ origin, textHash: reviewHash(lines[l], file), path: file, reviewer: REVIEWER, time: TIME });
        if (l === 1) ledger.acks.push({ origin, textHash: 'w1c:stale', path: file, reviewer: REVIEWER, time: TIME, evidence: { reason: 'r' } });
      }
      at += lines[l].length;
    }
    // As JSON.parse makes it: an own property, also for '__proto__'.
    Object.defineProperty(ledger.files, file, { value: { snapshot, regions, updated: TIME }, enumerable: true, writable: true, configurable: true });
  });
  // Acknowledged while the region had no origin entry: still counts (findAck goes by origin id).
  ledger.acks.push({ origin: 'missing-origin', textHash: reviewHash('line 5 of src/c.ts \n', 'src/c.ts'), path: 'src/c.ts', reviewer: REVIEWER, time: TIME });
  ledger.origins.unused = { id: 'unused', source: 'paste', confidence: 'likely', time: TIME, path: 'gone.ts' };
  return ledger;
}

/** What the whole ledger holds about `paths`: their entries, the origins their regions name, those origins' acks. */
function restricted(ledger: Ledger, paths: string[]): Ledger {
  const files = Object.fromEntries(paths.filter((p) => Object.hasOwn(ledger.files, p)).map((p) => [p, ledger.files[p]]));
  const named = new Set(Object.values(files).flatMap((e) => e.regions.map((r) => r.origin)));
  const origins = Object.fromEntries(Object.entries(ledger.origins).filter(([id]) => named.has(id)));
  return { version: ledger.version, files, origins, acks: ledger.acks.filter((a) => named.has(a.origin)) };
}

function indexed(ledger: Ledger): { bytes: Buffer; index: string } {
  const { text, index } = serializeLedgerIndexed(ledger);
  assert.ok(index !== undefined);
  return { bytes: Buffer.from(text, 'utf8'), index };
}

describe('ledger index', () => {
  it('writes exactly the text JSON.stringify writes, and an index of its exact bytes', () => {
    const ledger = sampleLedger();
    const { text, index } = serializeLedgerIndexed(ledger);
    assert.equal(text, serializeLedger(ledger));
    assert.deepEqual(parseLedger(text), ledger);
    const header = index!.split('\n')[0].split(' ');
    assert.equal(Number(header[2]), Buffer.byteLength(text, 'utf8'));
    assert.equal(Number(header[4]), Object.keys(ledger.files).length);
    assert.equal(serializeLedgerIndexed(emptyLedger()).text, serializeLedger(emptyLedger()));
  });

  it('selects, for any set of paths, what the whole ledger holds about them, and the gate decides the same', () => {
    const ledger = sampleLedger();
    const { bytes, index } = indexed(ledger);
    const selection = indexedSelection(bytes, index);
    assert.ok(selection, 'the index of these bytes is used');
    const all = Object.keys(ledger.files);
    assert.equal(selection.fileCount, all.length);
    for (const p of all) assert.equal(selection.has(p), true, p);
    assert.equal(selection.has('src/none.ts'), false);
    assert.equal(selection.has('hasOwnProperty'), false);
    const subsets = [[], all, all.slice(0, 1), all.filter((_, k) => k % 2 === 1), [...all.slice(2, 5), 'src/none.ts', all[2]]];
    for (const paths of subsets) assert.deepEqual(selection.select(paths), restricted(ledger, paths), paths.join(', '));

    // Texts as staged: unchanged, edited inside and around regions; decisions (which regions block, and why) agree.
    const staged: StagedFile[] = all.map((p, k) => {
      const text = ledger.files[p].snapshot;
      const edited = k % 3 === 0 ? text : k % 3 === 1 ? 'new first line\n' + text : text.replace('line 5', 'line five');
      return { path: p, tier: 'critical', text: edited };
    });
    const whole = decideGate(ledger, staged, ['critical']);
    assert.ok(whole.blocking.length > 0 && whole.blocking.length < 20, 'the sample has both blocking and reviewed regions');
    assert.deepEqual(decideGate(selection.select(all), staged, ['critical']), whole);
  });

  it('is never used for other bytes: an edit of the same size, a changed ledger, another header', () => {
    const ledger = sampleLedger();
    const { bytes, index } = indexed(ledger);
    const sameSize = Buffer.from(bytes);
    const at = sameSize.indexOf('line 5 of src/a.ts');
    sameSize.write('line 6', at, 'utf8');
    assert.equal(indexedSelection(sameSize, index), undefined);
    const changed = sampleLedger();
    changed.acks.pop();
    assert.equal(indexedSelection(Buffer.from(serializeLedger(changed)), index), undefined);
    assert.equal(indexedSelection(bytes, index.replace('loadbearing-ledger-index 2 ', 'loadbearing-ledger-index 3 ')), undefined);
    assert.equal(indexedSelection(bytes, index.slice(0, index.length - 5)), undefined, 'a torn index');
    assert.equal(indexedSelection(bytes, ''), undefined);
  });

  it('falls back to the whole ledger when a slice does not check', () => {
    const ledger = sampleLedger();
    const { bytes, index } = indexed(ledger);
    const lines = index.split('\n');
    // Point the first file's line at the second file's entry (the key before it is not its own).
    const second = lines[2].split('\t')[1];
    lines[1] = `${lines[1].split('\t')[0]}\t${second}`;
    const swapped = indexedSelection(bytes, lines.join('\n'));
    assert.ok(swapped);
    const all = Object.keys(ledger.files);
    assert.deepEqual(swapped.select(all.slice(0, 1)), ledger, 'the whole ledger, parsed');
  });
});

describe('ledger store with its index', () => {
  let dir: string;
  let store: LedgerStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-ledgerindex-'));
    store = new LedgerStore(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the index after each update, and reads the current ledger through it', async () => {
    const ledger = sampleLedger();
    await store.update({ files: ledger.files, origins: Object.values(ledger.origins), acks: ledger.acks });
    assert.ok(fs.existsSync(store.indexFile));
    const bytes = fs.readFileSync(store.file);
    assert.ok(indexedSelection(bytes, fs.readFileSync(store.indexFile, 'utf8')), 'the index matches what was written');
    const all = Object.keys(ledger.files);
    assert.deepEqual((await store.readSelection()).select(all), restricted(await store.readStrict(), all));

    await store.update({ files: { 'src/a.ts': null } });
    const after = await store.readSelection();
    assert.equal(after.has('src/a.ts'), false);
    assert.deepEqual(after.select(all), restricted(await store.readStrict(), all));
  });

  it('reads a ledger changed behind its back (older writer, hand edit) from its bytes, not the stale index', async () => {
    const ledger = sampleLedger();
    await store.update({ files: ledger.files, origins: Object.values(ledger.origins), acks: ledger.acks });
    const edited = parseLedger(fs.readFileSync(store.file, 'utf8'));
    edited.acks = [];
    delete edited.files['src/c.ts'];
    fs.writeFileSync(store.file, serializeLedger(edited)); // as a writer that knows no index would
    const selection = await store.readSelection();
    assert.equal(selection.has('src/c.ts'), false);
    assert.deepEqual(selection.select(Object.keys(ledger.files)).acks, []);
  });

  it('a corrupted ledger fails strictly, with or without an index, as readStrict does', async () => {
    const ledger = sampleLedger();
    await store.update({ files: ledger.files, origins: Object.values(ledger.origins), acks: ledger.acks });
    const text = fs.readFileSync(store.file, 'utf8');
    for (const corrupt of [text.slice(0, text.length - 1), text.replace('"start":', '"start":"x",'), text.replace('"version":1', '"version":2')]) {
      fs.writeFileSync(store.file, corrupt);
      const strict = await store.readStrict().then(
        () => assert.fail('readStrict accepted a corrupted ledger'),
        (error: unknown) => error,
      );
      assert.ok(strict instanceof LedgerFormatError);
      await assert.rejects(async () => store.readSelection(), (error: unknown) => error instanceof LedgerFormatError && error.message === strict.message);
    }
  });

  it('writes no index for a ledger that does not validate, so the gate parses it whole and fails closed', async () => {
    await store.update({ files: { 'a.ts': { snapshot: 'abc\n', regions: [{ origin: 'o', start: 3, end: 1 }], updated: TIME } } });
    assert.equal(fs.existsSync(store.indexFile), false);
    await assert.rejects(async () => store.readSelection(), LedgerFormatError);
  });

  it('keeps a file and an origin named __proto__ through an update, as any other (they were dropped silently)', async () => {
    const entry = { snapshot: 'x = 1\n', regions: [{ origin: '__proto__', start: 0, end: 6 }], updated: TIME };
    const files: Record<string, typeof entry> = {};
    setOwn(files, '__proto__', entry);
    await store.update({ files, origins: [{ id: '__proto__', source: 'agent', confidence: 'certain', time: TIME, path: '__proto__' }] });
    await store.update({ files: { 'src/other.ts': { ...entry, regions: [{ origin: 'o', start: 0, end: 6 }] } } });
    const read = await store.readStrict();
    assert.ok(Object.hasOwn(read.files, '__proto__'), 'the file entry is kept');
    assert.deepEqual(read.files['__proto__'].regions, entry.regions);
    assert.ok(Object.hasOwn(read.origins, '__proto__'), 'the origin is kept');
    assert.deepEqual(Object.keys(read.files).sort(), ['__proto__', 'src/other.ts']);
  });

  /** The sample written through the store, with its index (stamped, as the writer could make sure of it). */
  async function written(): Promise<{ ledger: Ledger; all: string[]; text: string }> {
    const ledger = sampleLedger();
    await store.update({ files: ledger.files, origins: Object.values(ledger.origins), acks: ledger.acks });
    const text = fs.readFileSync(store.file, 'utf8');
    return { ledger: parseLedger(text), all: Object.keys(ledger.files), text };
  }

  it("stamps the index with the ledger file's identity, and reads through it without reading the whole ledger", async () => {
    const { ledger, all } = await written();
    const index = fs.readFileSync(store.indexFile, 'utf8');
    assert.equal(index.split('\n')[0].split(' ')[5], stampOf(fs.statSync(store.file, { bigint: true })));
    const stamped = stampedSelection(store.file, index);
    assert.ok(stamped, 'the stamp matches the file just written');
    for (const paths of [all, all.slice(1, 3), ['src/none.ts']]) assert.deepEqual(stamped.select(paths), restricted(ledger, paths));
  });

  it('does not trust the stamp of a ledger rewritten in place by hand, with the same size and its mtime put back', async () => {
    const { ledger, all, text } = await written();
    const before = fs.statSync(store.file);
    // Another file's region made invalid, same size: only a whole, strict parse sees it.
    const victim = 'src/c.ts';
    const at = text.indexOf('"end":', text.indexOf(`${JSON.stringify(victim)}:`));
    const edited = `${text.slice(0, at)}"end":-${text.slice(at + 7)}`;
    assert.equal(Buffer.byteLength(edited), Buffer.byteLength(text));
    fs.writeFileSync(store.file, edited); // in place: same inode
    fs.utimesSync(store.file, before.atime, before.mtime);
    assert.equal(fs.statSync(store.file).ino, before.ino);
    assert.equal(stampedSelection(store.file, fs.readFileSync(store.indexFile, 'utf8')), undefined, 'its change time moved');
    const strict = await store.readStrict().then(
      () => assert.fail('readStrict accepted the edit'),
      (error: unknown) => error,
    );
    assert.ok(strict instanceof LedgerFormatError);
    const others = all.filter((p) => p !== victim);
    assert.throws(() => store.readSelection().select(others), (error: unknown) => error instanceof LedgerFormatError && error.message === strict.message);
    assert.ok(ledger.files[victim], 'the sample has that file');
  });

  it('does not trust the stamp of a ledger replaced by another file of the same size and times', async () => {
    const { all, text } = await written();
    const before = fs.statSync(store.file);
    const replaced = text.replace(/"w1c:stale"/g, '"w1c:STALE"');
    assert.notEqual(replaced, text);
    const other = path.join(dir, 'loadbearing', 'other.json');
    fs.writeFileSync(other, replaced);
    fs.utimesSync(other, before.atime, before.mtime);
    fs.renameSync(other, store.file);
    assert.equal(stampedSelection(store.file, fs.readFileSync(store.indexFile, 'utf8')), undefined, 'another inode');
    assert.deepEqual(restricted(store.readSelection().select(all), all), restricted(parseLedger(replaced), all));
  });

  it('does not use an index left by a writer that stopped between its two renames', async () => {
    const { all } = await written();
    const oldIndex = fs.readFileSync(store.indexFile, 'utf8');
    await store.update({ files: { 'src/a.ts': null }, acks: [] });
    fs.writeFileSync(store.indexFile, oldIndex);
    assert.equal(stampedSelection(store.file, oldIndex), undefined);
    const selection = store.readSelection();
    assert.equal(selection.has('src/a.ts'), false);
    assert.deepEqual(restricted(selection.select(all), all), restricted(await store.readStrict(), all));
  });

  it('still reads through an index without a stamp when the ledger hashes to it', async () => {
    const { ledger, all } = await written();
    const [header, ...rest] = fs.readFileSync(store.indexFile, 'utf8').split('\n');
    const unstamped = [header.split(' ').slice(0, 5).concat('-').join(' '), ...rest].join('\n');
    fs.writeFileSync(store.indexFile, unstamped);
    assert.equal(stampedSelection(store.file, unstamped), undefined);
    assert.ok(indexedSelection(fs.readFileSync(store.file), unstamped));
    assert.deepEqual(store.readSelection().select(all), restricted(ledger, all));
  });

  it('the writer gives no stamp to a ledger that does not hold what it wrote', async () => {
    await written();
    const text = fs.readFileSync(store.file);
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    assert.equal(await settleStamp(store.file, sha(text)), stampOf(fs.statSync(store.file, { bigint: true })));
    assert.equal(await settleStamp(store.file, sha(Buffer.concat([text, Buffer.from(' ')]))), undefined);
    assert.equal(await settleStamp(path.join(dir, 'loadbearing', 'none.json'), sha(text)), undefined);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'loadbearing')).filter((f) => f.endsWith('.tmp')), [], 'no probe file left behind');
  });

  it('reads no ledger as an empty one', async () => {
    const selection = await store.readSelection();
    assert.equal(selection.fileCount, 0);
    assert.deepEqual(selection.select(['a.ts']), emptyLedger());
  });
});
