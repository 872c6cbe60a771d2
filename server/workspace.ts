// The server's state: open documents with their regions, one ledger per repository, and what is published from them.
import { fileURLToPath } from 'node:url';
import { Connection, DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findRepo, GitRepo, repoRelative } from '../core/git/gitRepo';
import { Origin } from '../core/ledger/ledger';
import type { AuditEvent } from '../core/ledger/ledgerStore';
import { ProblemNotification, QueueChangedNotification, RegionInfo, RegionsNotification } from '../core/protocol';
import { regionsForText } from '../core/ledger/regionView';
import { ClosedFiles } from './closedFiles';
import { ServerLog } from './log';
import type { TierInfo, TierSource } from './policyService';
import { describeRegions, toDiagnostics } from './regionInfo';
import { RepoLedger } from './repoLedger';
import { TrackedDocument } from './trackedDocument';

/** What the entry (server.ts) wires to the client: closed files whose queue entries changed, and audit log news. */
export interface WorkspaceListeners {
  closedFilesChanged(ledger: RepoLedger, paths: string[]): void;
  audit(repo: GitRepo, events: AuditEvent[]): void;
}

const PUBLISH_DELAY_MS = 15;
const MOVED_DIAGNOSTICS_DELAY_MS = 400;

export class Workspace {
  readonly docs = new Map<string, TrackedDocument>();
  /** Non-open files with regions, for the review queue. */
  readonly closedFiles = new ClosedFiles();
  private readonly ledgers = new Map<string, RepoLedger>();
  /** Open documents (uri) whose ledger entry another process wrote for a text they will reach (see takeAwaitedEntry). */
  private readonly awaitingText = new Map<string, string>();
  private readonly publishTimers = new Map<string, NodeJS.Timeout>();
  /** What was last sent as each document's diagnostics: the whole set, and the set without positions. */
  private readonly lastDiagnostics = new Map<string, { key: string; shape: string }>();
  /** Diagnostics whose regions only moved, sent after a pause in typing. */
  private readonly movedTimers = new Map<string, NodeJS.Timeout>();
  /**
   * Documents whose ledger entry is still being read, with what to persist once it is: writing their entry before
   * would replace the regions recorded on disk with only those made since the document opened.
   */
  private readonly loading = new Map<TrackedDocument, { origins: Origin[]; touched: boolean }>();
  private readonly reportedProblems = new Set<string>();

  readonly log: ServerLog;
  listeners: Partial<WorkspaceListeners> = {};

  constructor(
    private readonly connection: Connection,
    private readonly tiers: TierSource,
  ) {
    this.log = new ServerLog(connection);
  }

  repoOf(uri: string): GitRepo | undefined {
    const file = fsPath(uri);
    return file ? findRepo(file) : undefined;
  }

  ledgerFor(repo: GitRepo): RepoLedger {
    let ledger = this.ledgers.get(repo.gitDir);
    if (!ledger) {
      ledger = new RepoLedger(repo, {
        onExternalChange: (files, reviewed) => this.onExternalLedgerChange(repo, files, reviewed),
        onProblem: (message, detail) => this.problem(message, detail),
        onAudit: (events) => this.listeners.audit?.(repo, events),
      });
      this.ledgers.set(repo.gitDir, ledger);
    }
    return ledger;
  }

  /** Loads the ledgers of the repositories holding these folders (workspace folders), before any of their files opens. */
  addFolders(uris: string[]): void {
    for (const uri of uris) {
      const repo = this.repoOf(uri);
      if (repo) this.ledgerFor(repo);
    }
  }

  allLedgers(): RepoLedger[] {
    return [...this.ledgers.values()];
  }

  open(params: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = params.textDocument;
    const repo = this.repoOf(uri);
    const file = fsPath(uri);
    const path = repo && file ? repoRelative(repo, file) : undefined;
    const tracked = new TrackedDocument(TextDocument.create(uri, languageId, version, text), path);
    this.docs.set(uri, tracked);
    if (repo && path) {
      const ledger = this.ledgerFor(repo);
      this.loading.set(tracked, { origins: [], touched: false });
      void ledger.ready.then(() => {
        const deferred = this.loading.get(tracked);
        this.loading.delete(tracked);
        if (this.docs.get(uri) !== tracked) return;
        // Regions recorded for this file, moved onto its text now (it may have changed while closed), under those
        // made since it opened.
        tracked.adopt(regionsForText(ledger.ledger, path, tracked.doc.getText()));
        if (deferred?.touched) this.persist(tracked, deferred.origins);
        this.schedulePublish(tracked);
      });
    }
    this.schedulePublish(tracked);
  }

  change(params: DidChangeTextDocumentParams): void {
    const tracked = this.docs.get(params.textDocument.uri);
    if (!tracked) return;
    const before = tracked.regions;
    const { created } = tracked.applyChanges(params.contentChanges, params.textDocument.version);
    this.takeAwaitedEntry(tracked);
    for (const origin of created) this.log.info(`${origin.source} edit ${origin.id} in ${tracked.path ?? tracked.uri} at v${tracked.version}`);
    if (created.length > 0 || before.length > 0 || tracked.regions.length > 0) this.persist(tracked, created);
    this.schedulePublish(tracked);
  }

  close(uri: string): void {
    const tracked = this.docs.get(uri);
    if (!tracked) return;
    this.docs.delete(uri);
    this.awaitingText.delete(uri);
    this.loading.delete(tracked);
    this.lastDiagnostics.delete(uri);
    const moved = this.movedTimers.get(uri);
    if (moved) clearTimeout(moved);
    this.movedTimers.delete(uri);
    const timer = this.publishTimers.get(uri);
    if (timer) clearTimeout(timer);
    this.publishTimers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Records created origins and schedules the document's regions to be written to its repository's ledger. */
  persist(tracked: TrackedDocument, created: Origin[] = []): void {
    const repo = this.repoOf(tracked.uri);
    if (!repo || !tracked.path) return;
    const deferred = this.loading.get(tracked);
    if (deferred) {
      deferred.origins.push(...created);
      deferred.touched = true;
      return;
    }
    const ledger = this.ledgerFor(repo);
    ledger.markDirty(tracked.path, { snapshot: () => ({ text: tracked.doc.getText(), regions: tracked.regions }) }, created);
    for (const origin of created) ledger.audit({ type: 'attribution', origin: origin.id, path: origin.path, source: origin.source, confidence: origin.confidence });
  }

  tierOf(repo: GitRepo | undefined, path: string | undefined): TierInfo {
    return this.tiers.tierOf(repo, path);
  }

  /** The regions of a document as the client shows them, with tier and review state. */
  describe(tracked: TrackedDocument): RegionInfo[] {
    const repo = this.repoOf(tracked.uri);
    const ledger = repo ? this.ledgerFor(repo).ledger : undefined;
    return describeRegions(tracked, ledger, this.tiers.tierOf(repo, tracked.path));
  }

  schedulePublish(tracked: TrackedDocument): void {
    if (this.publishTimers.has(tracked.uri)) return;
    this.publishTimers.set(
      tracked.uri,
      setTimeout(() => void this.publishWhenDurable(tracked), PUBLISH_DELAY_MS),
    );
  }

  /** Nothing is shown before it is on disk: a crash of the server never takes away a region the user saw. */
  private async publishWhenDurable(tracked: TrackedDocument): Promise<void> {
    const repo = this.repoOf(tracked.uri);
    if (repo) await this.ledgerFor(repo).originsDurable();
    this.publishTimers.delete(tracked.uri);
    // A document still loading is published once its recorded regions are in (and new ones on disk).
    if (this.docs.get(tracked.uri) === tracked && !this.loading.has(tracked)) this.publish(tracked);
  }

  /** Sends the document's regions, and its diagnostics unless they only moved (then after a pause, `settled`). */
  publish(tracked: TrackedDocument, settled = false): void {
    const regions = this.describe(tracked);
    void this.connection.sendNotification(RegionsNotification.type, { uri: tracked.uri, version: tracked.version, regions, ...(tracked.path ? { path: tracked.path } : {}) });
    // VS Code redraws every squiggle of a file for each set of diagnostics it receives, which with hundreds of regions
    // costs the window 100 ms and more. So the same set is not sent again (typing on a line without AI code), and a
    // set where regions only moved (typing above them) waits for a pause: VS Code moves the squiggles with the text
    // meanwhile. A new, changed or reviewed region is sent at once.
    const diagnostics = toDiagnostics(regions);
    const key = JSON.stringify(diagnostics);
    const last = this.lastDiagnostics.get(tracked.uri);
    if (last?.key === key) return;
    const shape = JSON.stringify(diagnostics.map((d) => [d.data, d.severity, d.message]));
    const pending = this.movedTimers.get(tracked.uri);
    if (pending) clearTimeout(pending);
    this.movedTimers.delete(tracked.uri);
    if (last?.shape === shape && !settled) {
      this.movedTimers.set(
        tracked.uri,
        setTimeout(() => {
          this.movedTimers.delete(tracked.uri);
          if (this.docs.get(tracked.uri) === tracked) this.publish(tracked, true);
        }, MOVED_DIAGNOSTICS_DELAY_MS),
      );
      return;
    }
    this.lastDiagnostics.set(tracked.uri, { key, shape });
    void this.connection.sendDiagnostics({ uri: tracked.uri, version: tracked.version, diagnostics });
  }

  republishAll(): void {
    for (const tracked of this.docs.values()) this.schedulePublish(tracked);
  }

  problem(message: string, detail?: string): void {
    if (this.reportedProblems.has(message)) return;
    this.reportedProblems.add(message);
    this.log.error(`${message}${detail ? `: ${detail}` : ''}`);
    void this.connection.sendNotification(ProblemNotification.type, { message, detail });
  }

  private onExternalLedgerChange(repo: GitRepo, files: string[], reviewed: string[]): void {
    const changed = new Set(files);
    const ledger = this.ledgerFor(repo);
    for (const tracked of this.docs.values()) {
      if (!tracked.path || this.loading.has(tracked) || this.repoOf(tracked.uri)?.gitDir !== repo.gitDir) continue;
      if (changed.has(tracked.path)) {
        tracked.regions = [];
        tracked.adopt(regionsForText(ledger.ledger, tracked.path, tracked.doc.getText()));
        // Written for a text the editor does not show yet (an agent's hook wrote the file and its regions; VS Code
        // reloads the file a moment later): once the document reaches that text, the entry's regions are exact.
        const snapshot = ledger.ledger.files[tracked.path]?.snapshot;
        if (snapshot !== undefined && snapshot !== tracked.doc.getText()) this.awaitingText.set(tracked.uri, snapshot);
        else this.awaitingText.delete(tracked.uri);
      }
      this.schedulePublish(tracked);
    }
    // Open files' queue entries follow their regions notifications; closed files' are pushed (a review of an open file
    // costs the client nothing more).
    this.listeners.closedFilesChanged?.(ledger, [...files, ...reviewed]);
  }

  /** A document reached the text another process recorded regions for: it takes exactly those regions. */
  private takeAwaitedEntry(tracked: TrackedDocument): void {
    const awaited = this.awaitingText.get(tracked.uri);
    // Lengths first: the whole-text comparison runs only for the change that can match.
    if (awaited === undefined || !tracked.path || awaited.length !== tracked.doc.getText().length || awaited !== tracked.doc.getText()) return;
    this.awaitingText.delete(tracked.uri);
    const repo = this.repoOf(tracked.uri);
    const entry = repo ? this.ledgerFor(repo).ledger.files[tracked.path] : undefined;
    if (!entry || entry.snapshot !== awaited) return;
    tracked.regions = [];
    tracked.adopt(entry.regions);
  }

  /** Files renamed, moved or deleted in VS Code: their ledger entries follow (or go), open documents re-read them. */
  async filesChanged(renamed: { oldUri: string; newUri: string }[], deleted: string[]): Promise<void> {
    const byRepo = new Map<string, { repo: GitRepo; pairs: [string, string | null][] }>();
    const add = (oldUri: string, newUri: string | null) => {
      const oldFile = fsPath(oldUri);
      const repo = oldFile ? findRepo(oldFile) : undefined;
      const from = repo && oldFile ? repoRelative(repo, oldFile) : undefined;
      if (!repo || !from) return;
      const newFile = newUri ? fsPath(newUri) : undefined;
      const to = newFile ? repoRelative(repo, newFile) ?? null : null;
      const entry = byRepo.get(repo.gitDir) ?? { repo, pairs: [] };
      entry.pairs.push([from, to]);
      byRepo.set(repo.gitDir, entry);
    };
    for (const r of renamed) add(r.oldUri, r.newUri);
    for (const d of deleted) add(d, null);
    for (const { repo, pairs } of byRepo.values()) {
      const ledger = this.ledgerFor(repo);
      await ledger.ready;
      const moved = new Set(await ledger.moveEntries(pairs));
      for (const tracked of this.docs.values()) {
        if (tracked.path && moved.has(tracked.path) && this.repoOf(tracked.uri)?.gitDir === repo.gitDir) {
          tracked.regions = [];
          tracked.adopt(regionsForText(ledger.ledger, tracked.path, tracked.doc.getText()));
          this.schedulePublish(tracked);
        }
      }
    }
    if (byRepo.size > 0) void this.connection.sendNotification(QueueChangedNotification.type, {});
  }

  dispose(): void {
    for (const ledger of this.ledgers.values()) ledger.dispose();
  }
}

export function fsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
