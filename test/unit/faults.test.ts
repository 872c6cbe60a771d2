// Loses nothing: a ledger writer killed with SIGKILL at random points, three writers at once, and a thousand corrupted
// ledgers. Every update reported as done survives; a corrupted ledger is moved aside and the gate fails closed.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyLedger, LedgerFormatError, parseLedger, serializeLedger } from '../../core/ledger/ledger';
import { LedgerStore } from '../../core/ledger/ledgerStore';
import { parsePolicy } from '../../core/policy/policyParser';
import { PolicyMatcher } from '../../core/policy/policyMatcher';
import { CLI_PATH, TestRepo } from './helpers/gitFixture';

const WORKER = path.join(__dirname, 'helpers', 'ledgerWorker.js');

function tempGitDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lb-faults-'));
}

/** Runs a worker; resolves with the origins it reported done, after it exits or is killed (`killAfterMs` after its first). */
function runWorker(gitDir: string, id: string, count: number, killAfterMs?: number): Promise<{ done: string[]; killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, gitDir, id, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killed = false;
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Once it is writing (first update reported), kill it at a random point of the writes that follow.
      if (killAfterMs !== undefined && !armed) {
        armed = true;
        setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.on('exit', (code) => {
      const done = out.split('\n').filter((l) => l.startsWith('DONE ')).map((l) => l.slice(5));
      resolve({ done, killed, code });
    });
  });
}

describe('faults: nothing reported as recorded is lost', function () {
  this.timeout(120_000);

  it('survives 100 SIGKILLs at random points during ledger writes', async () => {
    const gitDir = tempGitDir();
    const store = new LedgerStore(gitDir);
    const reported: string[] = [];
    let killedMidway = 0;
    for (let i = 0; i < 100; i++) {
      const { done, killed } = await runWorker(gitDir, `w${i}`, 1000, Math.floor(Math.random() * 40));
      if (killed) killedMidway++;
      reported.push(...done);
      const ledger = await store.readStrict(); // throws if a write was torn
      const acked = new Set(ledger.acks.map((a) => a.origin));
      for (const origin of reported) {
        assert.ok(acked.has(origin), `acknowledgment ${origin} was reported done, then lost after kill ${i}`);
        assert.ok(ledger.files[`${origin.split('-')[0]}/file${origin.split('-')[1]}.ts`], `region of ${origin} lost`);
      }
    }
    assert.ok(killedMidway >= 90, `the workers were killed while writing (${killedMidway}/100)`);
    assert.ok(reported.length > 100, `enough updates were reported to make the test meaningful (${reported.length})`);
    assert.deepEqual(await store.quarantined(), [], 'no kill corrupted the ledger');
    const leftovers = fs.readdirSync(store.dir).filter((f) => f.endsWith('.tmp') || f.startsWith('ledger.lock.'));
    assert.ok(leftovers.length <= 2, `dead writers' temp files are cleaned up (${leftovers.join(', ')})`);
  });

  it('three writers at once (two windows and the CLI) lose no update', async () => {
    const gitDir = tempGitDir();
    const results = await Promise.all(['window1', 'window2', 'cli'].map((id) => runWorker(gitDir, id, 40)));
    for (const r of results) assert.equal(r.code, 0);
    const ledger = await new LedgerStore(gitDir).readStrict();
    assert.equal(ledger.acks.length, 120);
    assert.equal(Object.keys(ledger.files).length, 120);
    assert.equal(Object.keys(ledger.origins).length, 120);
  });

  it('a thousand corrupted ledgers: never a crash, each moved aside intact, the gate fails closed', async () => {
    const gitDir = tempGitDir();
    const store = new LedgerStore(gitDir);
    const good = emptyLedger();
    good.files['src/auth/a.ts'] = { snapshot: 'const a = 1;\nconst b = 2;\n', regions: [{ origin: 'o1', start: 0, end: 12 }], updated: 'now' };
    good.origins.o1 = { id: 'o1', source: 'paste', confidence: 'likely', time: 'now', path: 'src/auth/a.ts' };
    good.acks.push({ origin: 'o1', textHash: 'abc', path: 'src/auth/a.ts', reviewer: { name: 'R', email: 'r@x' }, time: 'now' });
    const text = Buffer.from(serializeLedger(good));
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const mutations: ((b: Buffer) => Buffer)[] = [
      (b) => b.subarray(0, rand(b.length)),
      (b) => {
        const c = Buffer.from(b);
        const at = rand(c.length);
        c[at] ^= 1 << rand(8);
        return c;
      },
      (b) => Buffer.from(b.toString().replace('"version":1', `"version":${rand(1000) + 2}`)),
      (b) => Buffer.from(b.toString().replace('"end":12', `"end":${1e300}`)),
      (b) => Buffer.concat([b.subarray(0, rand(b.length)), Buffer.from([0xff, 0xfe, 0xc3]), b.subarray(rand(b.length))]),
      (b) => Buffer.from(b.toString().replace('src/auth/a.ts', '../../etc/passwd')),
      () => Buffer.from(JSON.stringify({ version: 1, files: [], origins: {}, acks: {} })),
    ];
    let moved = 0;
    let stillValid = 0;
    for (let i = 0; i < 1000; i++) {
      const bytes = mutations[i % mutations.length](text);
      fs.mkdirSync(store.dir, { recursive: true });
      fs.writeFileSync(store.file, bytes);
      let strictFailed = false;
      try {
        parseLedger(bytes.toString('utf8'));
      } catch (error) {
        assert.ok(error instanceof LedgerFormatError, `only format errors, got ${String(error)}`);
        strictFailed = true;
      }
      const { corruption } = await store.read();
      if (!strictFailed) {
        stillValid++;
        assert.equal(corruption, undefined);
        continue;
      }
      moved++;
      assert.ok(corruption, 'a corrupted ledger is reported');
      assert.deepEqual(fs.readFileSync(corruption.movedTo), bytes, 'moved aside byte for byte, not deleted');
      assert.ok((await store.quarantined()).length > 0, 'the gate sees the quarantined ledger and fails closed');
      for (const f of await store.quarantined()) fs.rmSync(f);
    }
    assert.ok(moved > 800, `most mutations corrupt the ledger (${moved} moved, ${stillValid} still valid)`);
  });

  it('survives 100 SIGKILLs of the real CLI while it records marks', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `const line${i} = ${i};`).join('\n') + '\n';
    const repo = TestRepo.create({ 'src/auth/a.ts': lines, '.loadbearing': '/src/auth/** critical\n' });
    const store = new LedgerStore(path.join(repo.root, '.git'));
    const recorded: number[] = [];
    let killed = 0;
    // How long one mark takes on this machine (the fastest of three, warm), so that kills land anywhere from start-up
    // to the ledger write.
    let duration = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const timing = spawn(process.execPath, [CLI_PATH, 'mark', 'src/auth/a.ts', '--lines', '200-200', '--source', 'agent'], { cwd: repo.root, env: repo.env, stdio: 'ignore' });
      await new Promise((resolve) => timing.on('exit', resolve));
      duration = Math.min(duration, Date.now() - started);
    }
    // Runs killed at a random point until 100 were killed mid-run, two of every three, interleaved with runs left to
    // finish (so there is something to lose). A kill timer that fires after the run ended does not count.
    let finished = 0;
    for (let i = 0; (killed < 100 || finished < 50) && i < 600; i++) {
      const line = 1 + (i % 99) * 2;
      const kill = i % 3 !== 2 && killed < 100;
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [CLI_PATH, 'mark', 'src/auth/a.ts', '--lines', `${line}-${line}`, '--source', 'agent'], {
          cwd: repo.root,
          env: repo.env,
          stdio: 'ignore',
        });
        if (kill) {
          setTimeout(() => {
            if (child.exitCode === null && child.kill('SIGKILL')) killed++;
          }, Math.floor(Math.random() * duration));
        }
        child.on('exit', (exitCode) => resolve(exitCode));
      });
      if (code === 0) {
        recorded.push(line);
        if (!kill) finished++;
      }
      const ledger = await store.readStrict(); // never torn
      const marked = new Set((ledger.files['src/auth/a.ts']?.regions ?? []).map((r) => lines.slice(0, r.start).split('\n').length));
      for (const l of recorded) assert.ok(marked.has(l), `line ${l} was marked (exit 0), then lost after kill ${i}`);
    }
    assert.ok(killed >= 100 && finished >= 50, `both outcomes happened (killed ${killed}, finished ${finished})`);
  });

  it('a thousand mutated .loadbearing files: never a throw, always a verdict', () => {
    const base = Buffer.from('# policy\n/src/auth/**   critical  @security\n/src/payments/ critical\n*.tf high\n/docs/ ignore\n');
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const paths = ['src/auth/login.ts', 'infra/main.tf', 'docs/a.md', 'README.md', '../etc/passwd', 'src/payments/x/y.ts'];
    for (let i = 0; i < 1000; i++) {
      const bytes = Buffer.from(base);
      for (let k = 0; k <= rand(8); k++) {
        const kind = rand(4);
        const at = rand(bytes.length);
        if (kind === 0) bytes[at] ^= 1 << rand(8);
        else if (kind === 1) bytes[at] = [0x00, 0xff, 0x5b, 0x2a, 0x7b, 0x2f, 0x5c][rand(7)];
        else if (kind === 2) bytes[at] = 0x0a;
        else bytes[at] = 0x20;
      }
      const text = i % 10 === 0 ? bytes.subarray(0, rand(bytes.length)).toString('utf8') : bytes.toString('utf8');
      const policy = parsePolicy(text, '');
      const matcher = new PolicyMatcher([policy]);
      for (const p of paths) {
        const tier = matcher.tierOf(p);
        assert.ok(tier === null || tier === 'critical' || tier === 'high' || tier === 'watch');
      }
      assert.equal(matcher.tierOf('../etc/passwd'), null, 'a path outside the repository is never matched');
    }
  });
});
