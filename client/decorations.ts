// Decorations as data: for each visible editor, the ranges per decoration kind, computed from the region store,
// diffed against what is shown, and applied in one place. Types are created once; colors are theme colors.
import * as vscode from 'vscode';
import { RegionInfo } from '../core/protocol';
import { displayLines, RegionStore } from './regionStore';
import { Settings } from './settings';

type Kind = 'critical' | 'high' | 'watch' | 'untiered' | 'reviewed';
const KINDS: Kind[] = ['critical', 'high', 'watch', 'untiered', 'reviewed'];

/**
 * A region longer than this has its gutter icon on its first line only (the tint and ruler mark still cover it):
 * VS Code lays out gutter icons line by line on every decoration change, and an icon on each line of a 20 MB paste
 * cost the renderer 50-160 ms a frame (the freeze benchmark).
 */
const ICON_LINES = 100;

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
  private readonly types: Map<Kind, vscode.TextEditorDecorationType>;
  /** The same without the gutter icon, for the lines of long regions after their first. */
  private readonly tints: Map<Kind, vscode.TextEditorDecorationType>;
  /** What each editor shows now, per type, as a cheap key: skip re-applying identical decorations. */
  private readonly shown = new WeakMap<vscode.TextEditor, Map<vscode.TextEditorDecorationType, string>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly store: RegionStore,
    private readonly settings: () => Settings,
  ) {
    this.types = new Map(KINDS.map((kind) => [kind, createType(context, kind, true)]));
    this.tints = new Map(KINDS.map((kind) => [kind, createType(context, kind, false)]));
    this.disposables.push(
      store.onDidChange((uri) => this.refresh(uri)),
      // An editor shown again (tab switch, split) gets its decorations back.
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    );
  }

  /** Re-applies decorations to the visible editors of `uri` (or all visible editors). */
  refresh(uri?: string): void {
    const settings = this.settings();
    for (const editor of vscode.window.visibleTextEditors) {
      if (uri && editor.document.uri.toString() !== uri) continue;
      const ranges = new Map<vscode.TextEditorDecorationType, vscode.Range[]>([...this.types.values(), ...this.tints.values()].map((t) => [t, []]));
      for (const info of this.store.regions(editor.document.uri)) {
        const kind = kindOf(info, settings);
        if (!kind) continue;
        const { first, last } = displayLines(info);
        const iconLast = last - first < ICON_LINES ? last : first;
        ranges.get(this.types.get(kind)!)!.push(new vscode.Range(first, 0, iconLast, 0));
        if (iconLast < last) ranges.get(this.tints.get(kind)!)!.push(new vscode.Range(iconLast + 1, 0, last, 0));
      }
      const previous = this.shown.get(editor) ?? new Map<vscode.TextEditorDecorationType, string>();
      for (const [type, list] of ranges) {
        const key = list.map((r) => `${r.start.line}-${r.end.line}`).join(',');
        if (previous.get(type) === key) continue;
        editor.setDecorations(type, list);
        previous.set(type, key);
      }
      this.shown.set(editor, previous);
    }
  }

  dispose(): void {
    for (const type of [...this.types.values(), ...this.tints.values()]) type.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
