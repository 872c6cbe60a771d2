// What every command body receives: the connection to the server, the log, the region store and views; nothing global.
import * as vscode from 'vscode';
import { Attributor } from '../attribution/attributor';
import { CommitGate } from '../commitGate';
import { Log } from '../log';
import { RegionStore } from '../regionStore';
import { ReviewQueue } from '../reviewQueue';
import { ServerConnection } from '../serverConnection';
import { Visibility } from '../visibility';

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly client: ServerConnection;
  readonly log: Log;
  readonly store: RegionStore;
  readonly queue: ReviewQueue;
  readonly attributor: Attributor;
  readonly gate: CommitGate;
  /** How long each region has been on screen: the evidence a review sends. */
  readonly visibility: Visibility;
}

/** A region named by a command argument (hover link, quick fix, tree item) or found at the cursor. */
export interface RegionArg {
  uri: string;
  origin: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export function isRegionArg(value: unknown): value is RegionArg {
  const v = value as Partial<RegionArg> | undefined;
  return typeof v?.uri === 'string' && typeof v.origin === 'string' && typeof v.range === 'object';
}

/** The region the command is about: its argument, else the one at the active editor's cursor. */
export function targetRegion(ctx: CommandContext, arg: unknown): RegionArg | undefined {
  if (isRegionArg(arg)) return arg;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const info = ctx.store.regionAt(editor.document.uri, editor.selection.active);
  return info ? { uri: editor.document.uri.toString(), origin: info.origin, range: info.range } : undefined;
}
