// Decorations as data: for each visible editor, the ranges per decoration kind, computed from the region store,
// diffed against what is shown, and applied in one place. Types are created once; colors are theme colors.
import * as vscode from 'vscode';
import { RegionInfo } from '../core/protocol';
import { displayLines, RegionStore } from './regionStore';
import { Settings } from './settings';

type Kind = 'critical' | 'high' | 'watch' | 'untiered' | 'reviewed';
const KINDS: Kind[] = ['critical', 'high', 'watch', 'untiered', 'reviewed'];

function createType(context: vscode.ExtensionContext, kind: Kind): vscode.TextEditorDecorationType {
  const icon = kind === 'untiered' ? 'watch' : kind;
  const gutterIconPath = context.asAbsolutePath(`media/gutter-${icon}.svg`);
  const faint = kind === 'reviewed' || kind === 'untiered';
  return vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    gutterIconPath,
    gutterIconSize: '80%',
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
  /** What each editor shows now, per kind, as a cheap key: skip re-applying identical decorations. */
  private readonly shown = new WeakMap<vscode.TextEditor, Map<Kind, string>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly store: RegionStore,
    private readonly settings: () => Settings,
  ) {
    this.types = new Map(KINDS.map((kind) => [kind, createType(context, kind)]));
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
      const ranges = new Map<Kind, vscode.Range[]>(KINDS.map((k) => [k, []]));
      for (const info of this.store.regions(editor.document.uri)) {
        const kind = kindOf(info, settings);
        if (!kind) continue;
        const { first, last } = displayLines(info);
        ranges.get(kind)!.push(new vscode.Range(first, 0, last, 0));
      }
      const previous = this.shown.get(editor) ?? new Map<Kind, string>();
      for (const kind of KINDS) {
        const list = ranges.get(kind)!;
        const key = list.map((r) => `${r.start.line}-${r.end.line}`).join(',');
        if (previous.get(kind) === key) continue;
        editor.setDecorations(this.types.get(kind)!, list);
        previous.set(kind, key);
      }
      this.shown.set(editor, previous);
    }
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
