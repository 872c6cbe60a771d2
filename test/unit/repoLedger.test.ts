// The server's ledger cache: our own writes are never mistaken for someone else's (which would replace newer regions
// with older ones), while another process's change or removal of an entry is picked up.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LedgerStore } from '../../core/ledger/ledgerStore';
import { PackedEntry } from '../../server/packedEntry';
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

  describe('snapshots held deflated', () => {
    const longText = (seed: string) => Array.from({ length: 50 }, (_, k) => `${seed} ${k}: const é${k} = "日本";\n`).join('');
    const file = () => path.join(root, '.git', 'loadbearing', 'ledger.json');
    const entry = (seed: string, updated: string) => ({ snapshot: longText(seed), regions: [{ origin: 'o1', start: 0, end: 5 }], updated });
    let loaded: RepoLedger;
    let problems: string[];
    beforeEach(async () => {
      ledger.dispose();
      await new LedgerStore(path.join(root, '.git')).update({
        files: { 'a.ts': entry('a', 'cli-1'), 'dir/b.ts': entry('b', 'cli-1') },
        origins: [origin('o1')],
      });
      problems = [];
      loaded = new RepoLedger(
        { root, gitDir: path.join(root, '.git'), commonDir: path.join(root, '.git') },
        { onExternalChange: (files) => external.push(files), onProblem: (message) => problems.push(message) },
      );
      await loaded.ready;
    });
    afterEach(() => loaded.dispose());

    it('are packed when loaded, and written back whole after the ledger is corrupted', async () => {
      assert.ok(loaded.ledger.files['a.ts'] instanceof PackedEntry, 'a loaded snapshot is held packed');
      const before = JSON.parse(fs.readFileSync(file(), 'utf8')).files;
      fs.writeFileSync(file(), fs.readFileSync(file(), 'utf8').slice(0, 40));
      await waitFor(() => {
        try {
          return JSON.parse(fs.readFileSync(file(), 'utf8')).files['a.ts'] !== undefined;
        } catch {
          return false;
        }
      }, 'the known state to be written back');
      assert.deepEqual(JSON.parse(fs.readFileSync(file(), 'utf8')).files, before, 'every entry as it was, snapshots included');
      assert.equal(problems.filter((p) => p.includes('corrupted')).length, 1);
    });

    it('move with their file whole', async () => {
      await loaded.moveEntries([['dir', 'moved']]);
      const onDisk = JSON.parse(fs.readFileSync(file(), 'utf8')).files;
      assert.equal(onDisk['moved/b.ts']?.snapshot, longText('b'), 'the moved entry carries its snapshot');
      assert.equal(onDisk['dir/b.ts'], undefined);
      assert.equal(loaded.ledger.files['moved/b.ts']?.snapshot, longText('b'));
    });

    it('another process\'s new entry is packed too', async () => {
      await new LedgerStore(path.join(root, '.git')).update({ files: { 'a.ts': entry('a2', 'cli-2') } });
      await waitFor(() => external.flat().includes('a.ts'), 'the external change to be reported');
      assert.ok(loaded.ledger.files['a.ts'] instanceof PackedEntry);
      assert.equal(loaded.ledger.files['a.ts'].snapshot, longText('a2'));
    });
  });

  describe('a ledger corrupted under a running server', () => {
    const problems: string[] = [];
    let corrupted: RepoLedger;
    beforeEach(async () => {
      problems.length = 0;
      corrupted = new RepoLedger(
        { root, gitDir: path.join(root, '.git'), commonDir: path.join(root, '.git') },
        { onExternalChange: () => undefined, onProblem: (message) => problems.push(message) },
      );
      await corrupted.ready;
      corrupted.markDirty('a.ts', { snapshot: () => ({ text: 'hello world\n', regions: [{ origin: 'o1', start: 0, end: 5 }] }) }, [origin('o1')]);
      await corrupted.acknowledge([{ origin: 'o1', path: 'a.ts', textHash: 'h', reviewer: { name: 'R', email: 'r@x' }, time: 'now' }]);
    });
    afterEach(() => corrupted.dispose());

    const onDisk = () => JSON.parse(fs.readFileSync(path.join(root, '.git', 'loadbearing', 'ledger.json'), 'utf8'));
    const readable = () => {
      try {
        onDisk();
        return true;
      } catch {
        return false;
      }
    };
    const moved = () => fs.readdirSync(path.join(root, '.git', 'loadbearing')).filter((f) => f.startsWith('ledger.corrupt-'));

    it('found by its watcher: reported once, moved aside, and what it knew written back', async () => {
      const file = path.join(root, '.git', 'loadbearing', 'ledger.json');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
      await waitFor(() => moved().length === 1 && fs.existsSync(file) && onDisk().files['a.ts'] !== undefined, 'the known state to be written back');
      assert.equal(onDisk().files['a.ts'].regions[0].origin, 'o1');
      assert.equal(onDisk().files['a.ts'].snapshot, 'hello world\n', 'the snapshot, held deflated, is written back whole');
      assert.deepEqual(onDisk().acks.map((a: { origin: string }) => a.origin), ['o1']);
      assert.equal(corrupted.ledger.files['a.ts']?.regions.length, 1, 'the regions on screen stay');
      assert.equal(problems.filter((p) => p.includes('corrupted')).length, 1, `told once: ${problems.join(' | ')}`);
      assert.match(problems[0], /moved to .*ledger\.corrupt-.*written to a new ledger/);
    });

    it('keeps the regions on screen while reads race the write-back (the watcher fires again and again)', async () => {
      const file = path.join(root, '.git', 'loadbearing', 'ledger.json');
      const lost: string[] = [];
      // One server on the repository: another one writing back too could replace a corrupted file before anyone
      // reads it (the test's corruption takes no lock), and the rounds would not be counted right.
      ledger.dispose();
      corrupted.dispose();
      corrupted = new RepoLedger(
        { root, gitDir: path.join(root, '.git'), commonDir: path.join(root, '.git') },
        {
          // What the workspace does on an external change: take the file's entry from the cache onto the document.
          onExternalChange: (files) => lost.push(...files.filter((f) => corrupted.ledger.files[f] === undefined)),
          onProblem: () => undefined,
        },
      );
      await corrupted.ready;
      for (let round = 0; round < 8; round++) {
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
        // Poke the watcher while the server moves the file aside and writes back: every poke is a read racing it.
        const until = Date.now() + 400;
        while (Date.now() < until) {
          try {
            fs.utimesSync(file, new Date(), new Date());
          } catch {
            /* moved aside at this instant */
          }
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
        await waitFor(() => readable() && onDisk().files['a.ts'] !== undefined, 'the known state to be written back');
        assert.equal(corrupted.ledger.files['a.ts']?.regions.length, 1, `round ${round}: the regions on screen stay`);
        assert.deepEqual(lost, [], `round ${round}: a file's regions were taken away from the documents showing them`);
        assert.equal(moved().length, round + 1, `round ${round}: each corrupted ledger kept: ${moved().join(' ')}`);
      }
    });

    it('moved aside by another process (the CLI): what it knew is written back at its next read', async () => {
      const file = path.join(root, '.git', 'loadbearing', 'ledger.json');
      fs.writeFileSync(file, '{"version": 1, "files": ');
      // The CLI's own update finds the corruption first, moves it aside and writes only its change.
      await new LedgerStore(path.join(root, '.git')).update({ acks: [{ origin: 'o7', path: 'b.ts', textHash: 'h', reviewer: { name: 'C', email: 'c@x' }, time: 'now' }] });
      // Both servers on this repository write back what they know; the one that had taken in the review is awaited.
      const hasReview = () => onDisk().acks.some((a: { origin: string }) => a.origin === 'o1');
      await waitFor(() => onDisk().files['a.ts'] !== undefined && hasReview(), 'the known state to be written back');
      assert.deepEqual(onDisk().acks.map((a: { origin: string }) => a.origin).sort(), ['o1', 'o7'], `both its reviews and the CLI's: ${JSON.stringify(onDisk())} ${moved()}`);
      assert.equal(moved().length, 1);
      assert.equal(problems.filter((p) => p.includes('corrupted')).length, 1, `told once: ${problems.join(' | ')}`);
    });
  });
});
