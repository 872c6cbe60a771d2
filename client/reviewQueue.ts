// The "AI edits to review" tree (tier → file → region) and the data behind the status bar count, kept from what the
// server pushes: open files' regions notifications, and closed files' entries (queueFiles) when a file closes or another
// process changes it. No request per change: a review, a keystroke or a paste updates its file's entries only; the
// whole queue is asked for on start, on big changes (settings, renames) and by the commands that show it.
import * as vscode from 'vscode';
import { QueueEntry, QueueFilesParams, QueueRequest, QueueResult } from '../core/protocol';
import { compareQueueEntries } from '../core/review/queueOrder';
import { TIERS } from '../core/tier';
import { Log } from './log';
import { displayLines, RegionStore, toRange } from './regionStore';
import { ServerConnection } from './serverConnection';
import { Settings } from './settings';

type Node =
  | { kind: 'tier'; tier: string; entries: QueueEntry[] }
  | { kind: 'file'; uri: string; path: string; entries: QueueEntry[] }
  | { kind: 'region'; entry: QueueEntry };

const TIER_ORDER: readonly string[] = [...TIERS, 'none'];
const sourceLabels: Record<QueueEntry['source'], string> = {
  'inline-completion': 'inline completion',
  paste: 'paste',
  chat: 'chat edit',
  agent: 'agent',
  manual: 'marked',
};

export class ReviewQueue implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  /** Files not open, by uri: their entries as the server last sent them (the whole queue, or that file's push). An
   * open file's entries here are stale and unused: the store's stand in for them. */
  private closed = new Map<string, QueueEntry[]>();
  /** Corrupted ledgers, from the last whole queue. */
  private problems: string[] = [];
  /** What is shown: the entries of files not open, and open files' entries from the store. */
  private result: QueueResult = { entries: [], problems: [] };
  private pullTimer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly counted = new vscode.EventEmitter<number>();
  /** Fires with the number of unreviewed regions in gated tiers. */
  readonly onDidChangeCount = this.counted.event;
  private timer: NodeJS.Timeout | undefined;
  /** The store changed since the last recompute, within the 250 ms after it. */
  private stale = false;
  private readonly shownProblems = new Set<string>();
  private lastCount: number | undefined;

  constructor(
    private readonly client: ServerConnection,
    private readonly store: RegionStore,
    private readonly settings: () => Settings,
    private readonly log: Log,
  ) {}

  get entries(): QueueEntry[] {
    return this.result.entries;
  }

  /** Asks the server for the whole queue now (files not open included). */
  async refresh(): Promise<QueueResult> {
    const pulled = await this.client.sendRequest(QueueRequest.type, {});
    this.closed = new Map();
    for (const entry of pulled.entries) addTo(this.closed, entry.uri, entry);
    this.problems = pulled.problems;
    this.recompute();
    for (const problem of this.problems) {
      if (this.shownProblems.has(problem)) continue;
      this.shownProblems.add(problem);
      void vscode.window.showWarningMessage(`Loadbearing: ${problem}. Commits are refused until it is dealt with.`);
    }
    return this.result;
  }

  /**
   * An open file's regions changed: its entries are updated from the store, without asking the server. At once when
   * nothing changed in the last 250 ms (a review: the count changes in the same frame as the squiggle, not in a frame
   * of its own a moment later), then at most every 250 ms while changes keep coming (typing).
   */
  scheduleRefresh(): void {
    if (this.timer) {
      this.stale = true;
      return;
    }
    this.recompute();
    this.timer = setTimeout(() => this.endQuietPeriod(), 250);
  }

  private endQuietPeriod(): void {
    this.timer = undefined;
    if (!this.stale) return;
    this.stale = false;
    this.recompute();
    this.timer = setTimeout(() => this.endQuietPeriod(), 250);
  }

  /** The server pushed closed files' entries: each replaces what was known of that file. */
  updateClosed(params: QueueFilesParams): void {
    for (const file of params.files) {
      if (file.entries.length > 0) this.closed.set(file.uri, file.entries);
      else this.closed.delete(file.uri);
    }
    this.scheduleRefresh();
  }

  /**
   * A file is closing: its entries stay as the client last saw them until the server pushes them as read from disk
   * (nothing blinks out of the tree or the count meanwhile).
   */
  fileClosed(uri: string): void {
    const open = this.store.regions(uri);
    if (open.length === 0) return;
    const path = this.store.path(uri) ?? vscode.Uri.parse(uri).fsPath;
    this.closed.set(uri, open.filter((info) => !info.reviewed).map((info) => ({ ...info, uri, path })));
  }

  /** Files not open may have changed in bulk (settings, renames, the server restarted): ask the server again soon. */
  scheduleFullRefresh(): void {
    if (this.pullTimer) clearTimeout(this.pullTimer);
    this.pullTimer = setTimeout(() => {
      this.pullTimer = undefined;
      this.refresh().catch((error: unknown) => this.log.error('refreshing the review queue failed', error));
    }, 250);
  }

  private recompute(): void {
    const open = new Map(this.store.all());
    const entries = [...this.closed].filter(([uri]) => !open.has(uri)).flatMap(([, closed]) => closed);
    for (const [uri, regions] of open) {
      const path = this.store.path(uri) ?? this.closed.get(uri)?.[0]?.path ?? vscode.Uri.parse(uri).fsPath;
      for (const info of regions) if (!info.reviewed) entries.push({ ...info, uri, path });
    }
    entries.sort(compareQueueEntries);
    const before = this.result.entries;
    this.result = { entries, problems: this.problems };
    if (!sameEntries(before, entries)) this.changed.fire(undefined);
    const count = this.gatedCount();
    if (count !== this.lastCount) {
      this.lastCount = count;
      this.counted.fire(count);
    }
  }

  gatedCount(): number {
    const gated = new Set<string>(this.settings().gateTiers);
    return this.result.entries.filter((e) => e.tier !== null && gated.has(e.tier)).length;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const byTier = new Map<string, QueueEntry[]>();
      for (const e of this.result.entries) addTo(byTier, e.tier ?? 'none', e);
      return TIER_ORDER.filter((t) => byTier.has(t)).map((tier) => ({ kind: 'tier', tier, entries: byTier.get(tier)! }));
    }
    if (node.kind === 'tier') {
      const byFile = new Map<string, QueueEntry[]>();
      for (const e of node.entries) addTo(byFile, e.uri, e);
      return [...byFile].map(([uri, entries]) => ({ kind: 'file', uri, path: entries[0].path, entries }));
    }
    if (node.kind === 'file') return node.entries.map((entry) => ({ kind: 'region', entry }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'tier') {
      const item = new vscode.TreeItem(node.tier === 'none' ? 'not load-bearing' : node.tier, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.entries.length} edit${node.entries.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(
        node.tier === 'critical' ? 'error' : node.tier === 'high' ? 'warning' : 'info',
        new vscode.ThemeColor(`loadbearing.${node.tier === 'none' ? 'untiered' : node.tier}Ruler`),
      );
      item.contextValue = 'tier';
      return item;
    }
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(vscode.Uri.parse(node.uri), vscode.TreeItemCollapsibleState.Expanded);
      item.label = node.path.split('/').pop();
      // A collapsible item with a resource gets a folder icon by default; these are files.
      item.iconPath = vscode.ThemeIcon.File;
      item.description = `${node.path.includes('/') ? node.path.slice(0, node.path.lastIndexOf('/')) + ' · ' : ''}${node.entries.length}`;
      item.contextValue = 'file';
      return item;
    }
    const e = node.entry;
    const range = toRange(e);
    const { first, last } = displayLines(e);
    const lines = first === last ? `line ${first + 1}` : `lines ${first + 1}–${last + 1}`;
    const item = new vscode.TreeItem(lines, vscode.TreeItemCollapsibleState.None);
    item.description = `${sourceLabels[e.source]} · ${e.confidence}${e.reviewed ? ' · reviewed' : ''}`;
    item.tooltip = new vscode.MarkdownString(`AI-written (${sourceLabels[e.source]}, ${e.confidence}) at ${e.time}${e.tierRule ? `\n\nTier from \`${e.tierRule}\`` : ''}`);
    item.command = { command: 'vscode.open', title: 'Reveal', arguments: [vscode.Uri.parse(e.uri), { selection: new vscode.Range(range.start, range.start) }] };
    item.contextValue = 'region';
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.pullTimer) clearTimeout(this.pullTimer);
    this.changed.dispose();
    this.counted.dispose();
  }
}

/**
 * Appends `entry` to the list under `key`. In place: copying the list for each entry made grouping a queue of n entries
 * take n²/2 copies (20,000 regions in one tier: 200 million, seconds of a frozen extension host per tree refresh).
 */
function addTo(groups: Map<string, QueueEntry[]>, key: string, entry: QueueEntry): void {
  const list = groups.get(key);
  if (list) list.push(entry);
  else groups.set(key, [entry]);
}

/** The same entries in the same order and places: the tree need not be redrawn. */
function sameEntries(a: QueueEntry[], b: QueueEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const f = b[i];
    return e.uri === f.uri && e.origin === f.origin && e.tier === f.tier && e.reviewed === f.reviewed &&
      e.range.start.line === f.range.start.line && e.range.end.line === f.range.end.line && e.range.end.character === f.range.end.character;
  });
}
