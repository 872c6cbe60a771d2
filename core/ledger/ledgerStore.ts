// Reads and writes a repository's ledger in `<git dir>/loadbearing/`: atomically (temp file + rename), under a lock
// file so that two VS Code windows and the CLI never lose each other's updates (each update re-reads and merges).
//
// Why a lock and not a journal with merge: the ledger is small and written rarely (an AI edit, a review, a pause in
// typing), so holding a lock for one read-merge-write costs milliseconds; and every reader — the pre-commit hook
// above all — then reads one complete, self-consistent file, with no journal to replay or compact and no torn tail
// to repair after a kill -9. The lock is a hard link of a fully written file (never seen half-written), and a lock
// whose owner died is broken, so a crashed writer never blocks the others. The merge still matters: each writer
// replaces only the file entries it changed and unions origins and acknowledgments, so two windows writing in turn
// keep each other's work (test/bed/twoWindows.ts, test/unit/faults.test.ts).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setOwn } from '../json';
import { Acknowledgment, ackKey, emptyLedger, FileEntry, Ledger, LedgerFormatError, Origin, parseLedger } from './ledger';
import { indexedSelection, LedgerSelection, serializeLedgerIndexed, stampedIndex, stampedSelection, wholeLedgerSelection } from './ledgerIndex';

export interface LedgerChange {
  /** Replace these files' entries; null removes the file. */
  files?: Record<string, FileEntry | null>;
  origins?: Origin[];
  acks?: Acknowledgment[];
  /** Drop origins (and their acknowledgments) no region names any more. */
  prune?: boolean;
}

export interface AuditEvent {
  type: 'attribution' | 'acknowledgment' | 'unmark' | 'gate' | 'corruption' | 'commit';
  time?: string;
  [key: string]: unknown;
}

export interface ReadResult {
  ledger: Ledger;
  /** Set when the ledger was corrupted: it was moved to `movedTo` and an empty one is used. */
  corruption?: { reason: string; movedTo: string };
}

/** A ledger moved aside as corrupted is `ledger.corrupt-<time>.json`, next to the ledger. */
const QUARANTINE_PREFIX = 'ledger.corrupt-';

/**
 * The one wording of a corrupted ledger, for every message that reports one (CLI, server notifications, review
 * queue, report): `file` is the ledger, `movedTo` where it was moved aside (its name says where it came from), and
 * `reason` what is wrong with it, when known. Callers add what follows from it (commits refused, how to recover).
 */
export function describeCorruptLedger(file: string, movedTo?: string, reason?: string): string {
  const why = reason ? ` (${reason})` : '';
  return movedTo === undefined ? `the ledger ${file} is corrupted${why}` : `the ledger was corrupted${why} and moved to ${movedTo}`;
}

const LOCK_STALE_MS = 10_000;
const LOCK_TIMEOUT_MS = 15_000;

export class LedgerStore {
  readonly dir: string;
  readonly file: string;
  readonly auditFile: string;
  readonly lockFile: string;
  /** The gate's index of the ledger (ledgerIndex.ts); a cache: deleting it only makes the gate parse the whole ledger. */
  readonly indexFile: string;

  constructor(gitDir: string) {
    this.dir = path.join(gitDir, 'loadbearing');
    this.file = path.join(this.dir, 'ledger.json');
    this.indexFile = path.join(this.dir, 'ledger-index.txt');
    this.auditFile = path.join(this.dir, 'audit.jsonl');
    this.lockFile = path.join(this.dir, 'ledger.lock');
  }

  /** Reads without moving anything: throws LedgerFormatError on corruption (the gate uses this to fail closed). */
  async readStrict(): Promise<Ledger> {
    let text: string;
    try {
      // One read, then one decode: readFile with an encoding decodes chunk by chunk, several times slower on a large ledger.
      text = (await fs.promises.readFile(this.file)).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
      throw error;
    }
    return parseLedger(text);
  }

  /**
   * For the gate: which files the ledger has entries for, and a ledger of only the entries asked for. When the index's
   * stamp is the ledger file's, or the index describes exactly the bytes read, only those entries are read and parsed;
   * otherwise the whole ledger is, strictly. Throws LedgerFormatError on corruption, here or from `select`, as
   * readStrict does. Synchronous: the gate waits for nothing else meanwhile but git, which runs in its own process.
   */
  readSelection(): LedgerSelection {
    let index: string | undefined;
    try {
      index = fs.readFileSync(this.indexFile, 'utf8');
    } catch {
      index = undefined;
    }
    const stamped = index !== undefined ? stampedSelection(this.file, index) : undefined;
    if (stamped) return stamped;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return wholeLedgerSelection(emptyLedger());
      throw error;
    }
    return (index !== undefined ? indexedSelection(bytes, index) : undefined) ?? wholeLedgerSelection(parseLedger(bytes.toString('utf8')));
  }

  /** Reads; a corrupted ledger is moved aside with a timestamp (never deleted) and an empty one returned. */
  async read(): Promise<ReadResult> {
    try {
      return { ledger: await this.readStrict() };
    } catch (error) {
      if (!(error instanceof LedgerFormatError)) throw error;
      return this.withLock(async () => {
        // Someone may have repaired or replaced it while we waited for the lock.
        try {
          return { ledger: await this.readStrict() };
        } catch (again) {
          if (!(again instanceof LedgerFormatError)) throw again;
          const movedTo = await this.moveAside(again.message);
          return { ledger: emptyLedger(), corruption: { reason: again.message, movedTo } };
        }
      });
    }
  }

  /** Ledgers moved aside as corrupted and not yet dealt with: while any exists, the gate fails closed. */
  async quarantined(): Promise<string[]> {
    try {
      return this.quarantinedIn(await fs.promises.readdir(this.dir));
    } catch {
      return [];
    }
  }

  /** As `quarantined`, synchronously: for the gate, a short process with nothing to do meanwhile. */
  quarantinedSync(): string[] {
    try {
      return this.quarantinedIn(fs.readdirSync(this.dir));
    } catch {
      return [];
    }
  }

  private quarantinedIn(names: string[]): string[] {
    return names.filter((f) => f.startsWith(QUARANTINE_PREFIX)).map((f) => path.join(this.dir, f));
  }

  /** Applies `change` to the ledger on disk under the lock; returns the merged ledger as written. */
  async update(change: LedgerChange): Promise<Ledger> {
    return this.withLock(async () => {
      let ledger: Ledger;
      try {
        ledger = await this.readStrict();
      } catch (error) {
        if (!(error instanceof LedgerFormatError)) throw error;
        // Never overwrite a corrupted ledger: move it aside first, so nothing in it is lost.
        await this.moveAside(error.message);
        ledger = emptyLedger();
      }
      const merged = mergeChange(ledger, change);
      // The ledger first, then its index with the stamp of the file just written (ledgerStamp.ts): a reader between
      // the two renames sees an index of other bytes (and of another file) and ignores it.
      const { text, index } = serializeLedgerIndexed(merged);
      await this.writeAtomic(this.file, text);
      if (index !== undefined) await this.writeAtomic(this.indexFile, await stampedIndex(index, this.file));
      else await fs.promises.rm(this.indexFile, { force: true });
      return merged;
    });
  }

  /** Moves the corrupted ledger (held under the lock) aside with a timestamp, never deleting it; returns where it went. */
  private async moveAside(reason: string): Promise<string> {
    const movedTo = path.join(this.dir, `${QUARANTINE_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await fs.promises.rename(this.file, movedTo);
    await this.audit({ type: 'corruption', reason, movedTo });
    return movedTo;
  }

  async audit(event: AuditEvent): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    // O_APPEND writes of one small line are atomic: concurrent writers interleave whole lines.
    await fs.promises.appendFile(this.auditFile, auditLine(event), { flag: 'a' });
  }

  /** As `audit`, synchronously: for the gate, which has nothing to do meanwhile (and so needs no fs/promises). */
  auditSync(event: AuditEvent): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.appendFileSync(this.auditFile, auditLine(event), { flag: 'a' });
  }

  private async writeAtomic(file: string, text: string): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.ledger-${process.pid}-${randomUUID()}.tmp`);
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  }

  async withLock<T>(body: () => Promise<T>): Promise<T> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    let delay = 2;
    for (;;) {
      if (await this.tryLock()) break;
      if (await this.breakStaleLock()) continue;
      if (Date.now() > deadline) throw new Error(`the ledger is locked by another process (${this.lockFile})`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
    }
    try {
      return await body();
    } finally {
      await fs.promises.rm(this.lockFile, { force: true });
    }
  }

  private async removeLeftovers(): Promise<void> {
    for (const name of await fs.promises.readdir(this.dir).catch(() => [] as string[])) {
      const owner = await leftoverOwner(name);
      if (owner !== undefined && owner !== process.pid && !processAlive(owner)) {
        await fs.promises.rm(path.join(this.dir, name), { force: true });
      }
    }
  }

  /**
   * Takes the lock: the owner's pid and time are written to a private file first, then hard-linked into place,
   * which fails if the lock exists. A lock file is never seen half-written (an empty one would look abandoned).
   */
  private async tryLock(): Promise<boolean> {
    const mine = `${this.lockFile}.${process.pid}.${randomUUID()}`;
    await fs.promises.writeFile(mine, `${process.pid} ${Date.now()}`);
    try {
      await fs.promises.link(mine, this.lockFile);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await fs.promises.rm(mine, { force: true });
    }
  }

  /** A lock whose owner died (kill -9 mid-write) or that is older than any write takes, is removed. */
  private async breakStaleLock(): Promise<boolean> {
    try {
      const [pidText, timeText] = (await fs.promises.readFile(this.lockFile, 'utf8')).split(' ');
      const pid = Number(pidText);
      const age = Date.now() - Number(timeText);
      if (!Number.isFinite(age) || age > LOCK_STALE_MS || !processAlive(pid)) {
        await fs.promises.rm(this.lockFile, { force: true });
        await this.removeLeftovers();
        return true;
      }
    } catch {
      /* the lock vanished or is being written: retry */
    }
    return false;
  }
}

function auditLine(event: AuditEvent): string {
  return JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n';
}

/** Temp files of writers that died mid-write: `.ledger-<pid>-….tmp` and `ledger.lock.<pid>.…`. */
async function leftoverOwner(name: string): Promise<number | undefined> {
  const match = /^\.ledger-(\d+)-.*\.tmp$/.exec(name) ?? /^ledger\.lock\.(\d+)\./.exec(name);
  return match ? Number(match[1]) : undefined;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The merge every writer does under the lock: per-file replacement, union of origins and acknowledgments. */
export function mergeChange(ledger: Ledger, change: LedgerChange): Ledger {
  const files = { ...ledger.files };
  for (const [file, entry] of Object.entries(change.files ?? {})) {
    if (entry === null || entry.regions.length === 0) delete files[file];
    else setOwn(files, file, entry);
  }
  const origins = { ...ledger.origins };
  for (const origin of change.origins ?? []) setOwn(origins, origin.id, origin);
  const seen = new Set(ledger.acks.map(ackKey));
  const acks = [...ledger.acks];
  for (const ack of change.acks ?? []) {
    if (!seen.has(ackKey(ack))) {
      seen.add(ackKey(ack));
      acks.push(ack);
    }
  }
  const merged: Ledger = { version: ledger.version, files, origins, acks };
  if (change.prune) {
    const live = new Set(Object.values(files).flatMap((entry) => entry.regions.map((r) => r.origin)));
    merged.origins = Object.fromEntries(Object.entries(origins).filter(([id]) => live.has(id)));
    merged.acks = acks.filter((ack) => live.has(ack.origin));
  }
  return merged;
}
