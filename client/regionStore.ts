// The client's copy of what the server published about open documents' regions: read by decorations, the status bar
// and navigation. It is never edited here; the server is the source of truth.
import * as vscode from 'vscode';
import { RegionInfo, RegionsParams } from '../core/protocol';

export class RegionStore implements vscode.Disposable {
  private readonly byUri = new Map<string, RegionsParams>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the uri whose regions changed. */
  readonly onDidChange = this.changed.event;

  update(params: RegionsParams): void {
    this.byUri.set(params.uri, params);
    this.changed.fire(params.uri);
  }

  forget(uri: string): void {
    if (this.byUri.delete(uri)) this.changed.fire(uri);
  }

  regions(uri: vscode.Uri | string): RegionInfo[] {
    return this.byUri.get(uri.toString())?.regions ?? [];
  }

  /** The repository-relative path the server knows the document by. */
  path(uri: vscode.Uri | string): string | undefined {
    return this.byUri.get(uri.toString())?.path;
  }

  /** The document version the regions were published for. */
  version(uri: vscode.Uri | string): number | undefined {
    return this.byUri.get(uri.toString())?.version;
  }

  /** The region containing `position` (a cursor at its end counts), unreviewed first. */
  regionAt(uri: vscode.Uri, position: vscode.Position): RegionInfo | undefined {
    const hits = this.regions(uri).filter((r) => toRange(r).contains(position));
    return hits.find((r) => !r.reviewed) ?? hits[0];
  }

  all(): [string, RegionInfo[]][] {
    return [...this.byUri].map(([uri, p]) => [uri, p.regions]);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function toRange(info: Pick<RegionInfo, 'range'>): vscode.Range {
  const { start, end } = info.range;
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** The lines a region covers for whole-line display: a region ending at column 0 ends on the line before. */
export function displayLines(info: Pick<RegionInfo, 'range'>): { first: number; last: number } {
  const { start, end } = info.range;
  const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return { first: start.line, last };
}
