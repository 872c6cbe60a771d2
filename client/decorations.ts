// Decorations as data: for each visible editor, the ranges per decoration type, computed from the region store,
// diffed against what is shown (moved as VS Code moves it), and applied in one place. Colors are theme colors.
import * as vscode from 'vscode';
import { Lines, moveLines } from '../core/tracking/lineMoves';
import { RegionInfo } from '../core/protocol';
import { displayLines, RegionStore } from './regionStore';
import { Settings } from './settings';

type Kind = 'critical' | 'high' | 'watch' | 'untiered' | 'reviewed';

/**
 * A region longer than this has its gutter icon on its first line only (the tint and ruler mark still cover it):
 * VS Code lays out gutter icons line by line on every decoration change, and an icon on each line of a 20 MB paste
 * cost the renderer 50-160 ms a frame (the freeze benchmark).
 */
const ICON_LINES = 100;

/**
 * Each kind is split over this many types by region: setting a type's ranges makes VS Code replace every decoration of
 * that type, so a review (one region less) or a new region re-sets a sixteenth of a file's decorations, not all 500.
 */
const BUCKETS = 16;

function bucketOf(origin: string): number {
  let hash = 0;
  for (let i = 0; i < origin.length; i++) hash = (hash * 31 + origin.charCodeAt(i)) | 0;
  return Math.abs(hash) % BUCKETS;
}

const sameLines = (a: Lines[], b: Lines[]) => a.length === b.length && a.every((l, i) => l !== null && b[i] !== null && l[0] === b[i]![0] && l[1] === b[i]![1]);

function createType(context: vscode.ExtensionContext, kind: Kind, withIcon: boolean): vscode.TextEditorDecorationType {
  const icon = kind === 'untiered' ? 'watch' : kind;
  const faint = kind === 'reviewed' || kind === 'untiered';
  return vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    ...(withIcon ? { gutterIconPath: context.asAbsolutePath(`media/gutter-${icon}.svg`), gutterIconSize: '80%' } : {}),
    backgroundColor: faint ? undefined : new vscode.ThemeColor(`loadbearing.${kind}Background`),
    overviewRulerColor: new vscode.ThemeColor(`loadbearing.${kind}Ruler`),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}

export function kindOf(info: RegionInfo, settings: Pick<Settings, 'showReviewed' | 'highlightUntiered'>): Kind | undefined {
  if (info.reviewed) return settings.showReviewed ? 'reviewed' : undefined;
  if (info.tier) return info.tier;
  return settings.highlightUntiered ? 'untiered' : undefined;
}

export class Decorations implements vscode.Disposable {
  /** Per kind, icon or tint (the lines of long regions after their first), and bucket: created when first used. */
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  /** What each editor shows now, per type, as VS Code has it (moved with the edits since). */
  private readonly shown = new WeakMap<vscode.TextEditor, Map<vscode.TextEditorDecorationType, Lines[]>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: RegionStore,
    private readonly settings: () => Settings,
  ) {
    this.disposables.push(
      store.onDidChange((uri) => this.refresh(uri)),
      // An editor shown again (tab switch, split) gets its decorations back.
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
    );
  }

  private type(kind: Kind, withIcon: boolean, bucket: number): vscode.TextEditorDecorationType {
    const key = `${kind}/${withIcon ? 'icon' : 'tint'}/${bucket}`;
    let type = this.types.get(key);
    if (!type) {
      type = createType(this.context, kind, withIcon);
      this.types.set(key, type);
    }
    return type;
  }

  /** VS Code moves decorations with the text: so do we, so that the server's next regions re-set only what differs. */
  private follow(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const [only] = event.contentChanges;
    const change =
      event.contentChanges.length === 1
        ? { startLine: only.range.start.line, startCharacter: only.range.start.character, endLine: only.range.end.line, addedLines: countLines(only.text) }
        : undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== event.document) continue;
      const shown = this.shown.get(editor);
      if (!shown) continue;
      for (const [type, list] of shown) shown.set(type, list.map((lines) => (change ? moveLines(lines, change) : null)));
    }
  }

  /** Re-applies decorations to the visible editors of `uri` (or all visible editors). */
  refresh(uri?: string): void {
    const settings = this.settings();
    for (const editor of vscode.window.visibleTextEditors) {
      if (uri && editor.document.uri.toString() !== uri) continue;
      // Regions of an older version than the editor's: the server's regions for the newer one are on their way, and
      // VS Code has already moved what is shown; applying these would move it back for a moment.
      const published = this.store.version(editor.document.uri);
      if (published !== undefined && published < editor.document.version) continue;
      const wanted = new Map<vscode.TextEditorDecorationType, Lines[]>();
      const add = (type: vscode.TextEditorDecorationType, first: number, last: number) => {
        const list = wanted.get(type) ?? [];
        list.push([first, last]);
        wanted.set(type, list);
      };
      for (const info of this.store.regions(editor.document.uri)) {
        const kind = kindOf(info, settings);
        if (!kind) continue;
        const { first, last } = displayLines(info);
        const bucket = bucketOf(info.origin);
        const iconLast = last - first < ICON_LINES ? last : first;
        add(this.type(kind, true, bucket), first, iconLast);
        if (iconLast < last) add(this.type(kind, false, bucket), iconLast + 1, last);
      }
      const shown = this.shown.get(editor) ?? new Map<vscode.TextEditorDecorationType, Lines[]>();
      for (const type of this.types.values()) {
        const list = wanted.get(type) ?? [];
        const before = shown.get(type) ?? [];
        if (sameLines(list, before)) continue;
        editor.setDecorations(type, list.map((l) => new vscode.Range(l![0], 0, l![1], 0)));
        if (list.length > 0) shown.set(type, list);
        else shown.delete(type);
      }
      this.shown.set(editor, shown);
    }
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  // A lone CR is a line break too (VS Code counts it).
  if (text.includes('\r')) n += (text.match(/\r(?!\n)/g) ?? []).length;
  return n;
}
