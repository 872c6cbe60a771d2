// The server's view of one repository's ledger: cached in memory, persisted per file (debounced, off the typing path),
// acknowledgments written before they are reported done, and reloaded when another window or the CLI changes it.
import * as fs from 'node:fs';
import { Acknowledgment, ackKey, emptyLedger, FileEntry, Ledger, Origin } from '../core/ledger/ledger';
import { AuditEvent, describeCorruptLedger, LedgerChange, LedgerStore } from '../core/ledger/ledgerStore';
import { internLedgerStrings } from '../core/ledger/ledgerIntern';
import { GitRepo } from '../core/git/gitRepo';
import { setOwn } from '../core/json';
import { AuditTail } from './auditTail';
import { packEntries, plainEntry } from './packedEntry';
import { ServerLedgerStore } from './serverLedgerStore';

const PERSIST_DELAY_MS = 300;
const QUARANTINE_HELP = 'Inspect the moved file; delete it to accept losing what only it held, or restore a good copy as ledger.json.';

export interface FileState {
  /** The file's current text and regions; undefined drops its entry. */
  snapshot(): { text: string; regions: FileEntry['regions'] } | undefined;
}

export interface RepoLedgerEvents {
  /**
   * The ledger changed on disk through someone else; `files` are the entries whose content changed, `reviewed` the
   * paths of acknowledgments new to this server (ours included: their files' review state changed).
   */
  onExternalChange(files: string[], reviewed: string[]): void;
  onProblem(message: string, detail?: string): void;
  /** Events someone (the CLI's gate, its post-commit hook) appended to the audit log. */
  onAudit?(events: AuditEvent[]): void;
}

export class RepoLedger {
  readonly store: LedgerStore;
  ledger: Ledger = emptyLedger();
  readonly ready: Promise<void>;
  private readonly dirty = new Map<string, FileState>();
  private readonly newOrigins = new Map<string, Origin>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** The write of the newest AI edits (origins); see originsDurable(). */
  private originWrite: Promise<void> = Promise.resolve();
  /**
   * Every `updated` stamp this server wrote (unique per write), so the watcher can tell our writes from others'. All of
   * them, not just the last: the watcher may report an older write of ours after a newer one is in memory, and
   * taking that as someone else's change would replace newer regions with older ones.
   */
  private readonly ours = new Set<string>();
  private stampCount = 0;
  /** What our last completed write left for each path: its stamp, or null where we removed the entry. */
  private readonly lastWritten = new Map<string, string | null>();
  /** Corrupted ledgers moved aside (by anyone) that this server has already reported and recovered from. */
  private readonly quarantine = new Set<string>();
  private watcher: fs.FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly auditTail: AuditTail;

  constructor(
    readonly repo: GitRepo,
    private readonly events: RepoLedgerEvents,
  ) {
    this.store = new ServerLedgerStore(repo.gitDir);
    this.auditTail = new AuditTail(this.store.auditFile);
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    try {
      const { ledger, corruption } = await this.store.read();
      this.ledger = internLedgerStrings(ledger);
      packEntries(this.ledger.files);
      for (const file of await this.store.quarantined()) {
        this.quarantine.add(file);
        const reason = file === corruption?.movedTo ? corruption.reason : undefined;
        this.events.onProblem(`${describeCorruptLedger(this.store.file, file, reason)}; commits are refused until you deal with it.`, QUARANTINE_HELP);
      }
    } catch (error) {
      this.events.onProblem(`Could not read the Loadbearing ledger of ${this.repo.root}`, String(error));
    }
    this.watch();
  }

  /** Schedules the file's entry to be written; typing never waits for the disk. */
  markDirty(path: string, state: FileState, origins: Origin[] = []): void {
    this.dirty.set(path, state);
    for (const origin of origins) {
      this.newOrigins.set(origin.id, origin);
      this.ledger.origins[origin.id] = origin;
    }
    // A new AI edit is written at once (a crash must not lose it); moving regions as the user types can wait: if
    // it is lost, the snapshot is re-anchored onto the file's text when it is next read.
    if (origins.length > 0) {
      this.originWrite = this.flush().catch(() => undefined);
      return;
    }
    if (!this.timer) this.timer = setTimeout(() => void this.flush().catch(() => undefined), PERSIST_DELAY_MS);
  }

  /**
   * Resolves once every AI edit recorded so far is on disk (or its write failed, which is reported): a region is shown
   * only after that, so what the user saw survives a crash of this process.
   */
  async originsDurable(): Promise<void> {
    let awaited: Promise<void>;
    do {
      awaited = this.originWrite;
      await awaited;
    } while (awaited !== this.originWrite);
  }

  /** Writes everything pending now; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const dirty = [...this.dirty];
    const origins = [...this.newOrigins.values()];
    this.dirty.clear();
    this.newOrigins.clear();
    if (dirty.length === 0 && origins.length === 0) return this.writing;
    const updated = this.stamp();
    const files: Record<string, FileEntry | null> = {};
    for (const [path, state] of dirty) {
      const snap = state.snapshot();
      files[path] = snap && snap.regions.length > 0 ? { snapshot: snap.text, regions: snap.regions, updated } : null;
    }
    return this.write({ files, origins });
  }

  /** Records acknowledgments (and any pending file state first); resolves only once they are on disk. */
  async acknowledge(acks: Acknowledgment[]): Promise<void> {
    await this.flush();
    await this.write({ acks });
    for (const ack of acks) await this.store.audit({ type: 'acknowledgment', origin: ack.origin, path: ack.path, reviewer: ack.reviewer });
  }

  /**
   * Renames (folder prefixes included) and deletions: entries move to their new path or go. `pairs` are
   * repository-relative [old, new] paths; a deleted path has new = null.
   */
  async moveEntries(pairs: [string, string | null][]): Promise<string[]> {
    await this.flush();
    const files: Record<string, FileEntry | null> = {};
    const moved: string[] = [];
    for (const [from, to] of pairs) {
      for (const [path, entry] of Object.entries(this.ledger.files)) {
        const inside = path === from || path.startsWith(`${from}/`);
        if (!inside) continue;
        files[path] = null;
        if (to !== null) {
          const target = to + path.slice(from.length);
          files[target] = { ...plainEntry(entry), updated: this.stamp() };
          moved.push(target);
        }
      }
    }
    if (Object.keys(files).length > 0) await this.write({ files });
    return moved;
  }

  audit(event: AuditEvent): void {
    this.store.audit(event).catch((error: unknown) => this.events.onProblem('Could not append to the Loadbearing audit log', String(error)));
  }

  /** An ISO time made unique to this process and write. */
  private stamp(): string {
    const stamp = `${new Date().toISOString()}#${process.pid}.${++this.stampCount}`;
    this.ours.add(stamp);
    return stamp;
  }

  /** Whether the entry for `path` on disk came from someone else (another window, the CLI, a post-commit hook). */
  private isExternal(path: string, onDisk: Ledger): boolean {
    const stamp = onDisk.files[path]?.updated ?? null;
    if (stamp !== null && this.ours.has(stamp)) return false;
    return !(this.lastWritten.has(path) && this.lastWritten.get(path) === stamp);
  }

  private write(change: LedgerChange): Promise<void> {
    return this.serialized(() => this.writeNow(change), 'Could not write the Loadbearing ledger');
  }

  /**
   * Runs `body` after every earlier write and reload of this server. Reads are queued with the writes: a read that
   * ran while a write-back after corruption was under way would see the ledger without what this server knows (the
   * file moved aside, or the first write after it) and take that in, and the regions on screen would vanish.
   */
  private serialized(body: () => Promise<void>, failure: string): Promise<void> {
    const next = this.writing.then(body);
    // Keep the chain alive after a failure, but let this caller see it.
    this.writing = next.catch((error: unknown) => this.events.onProblem(failure, String(error)));
    return next;
  }

  private async writeNow(change: LedgerChange): Promise<void> {
    let merged = await this.store.update(change);
    this.noteWritten(change);
    const moved = await this.newlyQuarantined();
    if (moved.length > 0) {
      // The ledger was corrupted and replaced with an empty one (by this write or another process): what this
      // server knows goes back to disk, so only what the corrupted file alone held is at stake.
      this.reportQuarantine(moved);
      const everything = this.everything(change);
      merged = await this.store.update(everything);
      this.noteWritten(everything);
    }
    this.adoptMerged(merged);
  }

  private noteWritten(change: LedgerChange): void {
    for (const [path, entry] of Object.entries(change.files ?? {})) {
      this.lastWritten.set(path, entry && entry.regions.length > 0 ? entry.updated : null);
    }
  }

  /** Everything this server knows, plus `change`: written back after the ledger on disk was lost to corruption. */
  private everything(change: LedgerChange): LedgerChange {
    // Snapshots inflated for the write: the entries are written exactly as they were read.
    const files: Record<string, FileEntry | null> = {};
    for (const [path, entry] of Object.entries(this.ledger.files)) setOwn(files, path, plainEntry(entry));
    return {
      files: { ...files, ...change.files },
      origins: [...Object.values(this.ledger.origins), ...(change.origins ?? [])],
      acks: [...this.ledger.acks, ...(change.acks ?? [])],
    };
  }

  /** Corrupted ledgers moved aside since we last looked, by this server or another process. */
  private async newlyQuarantined(): Promise<string[]> {
    const fresh = (await this.store.quarantined()).filter((file) => !this.quarantine.has(file));
    for (const file of fresh) this.quarantine.add(file);
    return fresh;
  }

  private reportQuarantine(files: string[], reason?: string): void {
    for (const file of files) {
      this.events.onProblem(
        `${describeCorruptLedger(this.store.file, file, reason)}. The regions and reviews this window knew were written to a new ledger; commits are refused until you deal with the moved file.`,
        QUARANTINE_HELP,
      );
    }
  }

  /** After our write, the merged ledger also carries others' changes: take theirs for files we did not just write. */
  private adoptMerged(merged: Ledger): void {
    const { external, reviewed } = this.absorb(merged);
    if (external.length > 0 || reviewed.length > 0) this.events.onExternalChange(external, reviewed);
  }

  /**
   * Takes in a ledger read from disk. A read may be older than what this server already knows (the watcher reports a
   * write after a newer one finished), so nothing we know is dropped: file entries change only where someone else
   * changed them, and origins and acknowledgments are merged, never replaced.
   */
  private absorb(disk: Ledger): { external: string[]; reviewed: string[] } {
    const changed = changedFiles(this.ledger, disk);
    const external = changed.filter((path) => this.isExternal(path, disk));
    const files = { ...this.ledger.files };
    for (const path of changed) {
      const stamp = disk.files[path]?.updated ?? null;
      // Someone else's change, or our own latest write: take it. An older write of ours (a stale read): keep ours.
      if (!external.includes(path) && this.lastWritten.get(path) !== stamp) continue;
      if (disk.files[path]) files[path] = disk.files[path];
      else delete files[path];
    }
    // Others' entries are held packed like those loaded; ours stay as written (an open document's text, shared with it).
    packEntries(files, external);
    const known = new Set(this.ledger.acks.map(ackKey));
    const added = disk.acks.filter((a) => !known.has(ackKey(a)));
    this.ledger = {
      version: disk.version,
      files,
      origins: { ...disk.origins, ...this.ledger.origins },
      acks: [...this.ledger.acks, ...added],
    };
    return { external, reviewed: [...new Set(added.map((a) => a.path))] };
  }

  private watch(): void {
    try {
      fs.mkdirSync(this.store.dir, { recursive: true });
      this.watcher = fs.watch(this.store.dir, (_event, name) => {
        if (name === 'audit.jsonl') this.readAudit();
        if (name !== 'ledger.json') return;
        if (this.reloadTimer) clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), 30);
      });
      this.watcher.on('error', () => undefined);
    } catch {
      /* no watching on this file system: other windows' changes show on the next write */
    }
  }

  private readAudit(): void {
    if (!this.events.onAudit) return;
    const events = this.auditTail.read();
    if (events.length > 0) this.events.onAudit(events);
  }

  private reload(): Promise<void> {
    return this.serialized(() => this.reloadNow(), 'Could not reload the Loadbearing ledger').catch(() => undefined);
  }

  private async reloadNow(): Promise<void> {
    const { ledger, corruption } = await this.store.read();
    const moved = await this.newlyQuarantined();
    // A ledger moved aside now, by this read or by someone else: what is on disk started from empty, and taking it
    // in would wipe the regions on screen. Write ours back.
    if (moved.length > 0 || corruption) {
      this.reportQuarantine(moved, corruption?.reason);
      await this.writeNow(this.everything({}));
      return;
    }
    const { external, reviewed } = this.absorb(internLedgerStrings(ledger));
    if (external.length > 0 || reviewed.length > 0) this.events.onExternalChange(external, reviewed);
  }

  dispose(): void {
    this.watcher?.close();
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
  }
}

function changedFiles(before: Ledger, after: Ledger): string[] {
  const paths = new Set([...Object.keys(before.files), ...Object.keys(after.files)]);
  return [...paths].filter((path) => before.files[path]?.updated !== after.files[path]?.updated);
}
