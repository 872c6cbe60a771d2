// Edits made before the language server has synced a document (it is still starting, or restarting): their verdicts
// and the text they inserted are kept here, and handed to the server with the document's didOpen, so that nothing
// typed, pasted or accepted while the server starts is lost. Once a document is synced, the language client's
// didChange middleware attributes its changes and this stays out of the way.
import * as vscode from 'vscode';
import { AttributeParams, ChangesBeforeSyncParams } from '../../core/protocol';
import { applyChange, Region } from '../../core/tracking/regionTracker';
import { Attributor } from './attributor';

/** Like the server's: how many versions back a late verdict can still find the text its change inserted. */
const RECENT_VERSIONS = 32;

interface Unsynced {
  /** Shadow labels `v:<version>` on the text each change inserted, kept exact through later changes. */
  spans: Region[];
  verdicts: AttributeParams[];
}

export interface Handoff {
  changes: ChangesBeforeSyncParams;
  verdicts: AttributeParams[];
}

export class ChangesBeforeSync implements vscode.Disposable {
  private readonly unsynced = new Map<string, Unsynced>();
  /** Documents the language client has opened on the server: their changes go through its middleware. */
  private readonly synced = new Set<string>();
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly attributor: Attributor,
    private readonly trace: (message: string) => void,
  ) {
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.unsynced.delete(doc.uri.toString());
        this.synced.delete(doc.uri.toString());
      }),
    ];
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const doc = event.document;
    const uri = doc.uri.toString();
    if (this.synced.has(uri) || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return;
    // The same verdict the middleware would reach; the attributor's watchers were registered before this.
    const verdict = this.attributor.classify(event);
    if (event.contentChanges.length === 0 && !verdict && !this.unsynced.has(uri)) return;
    const entry = this.unsynced.get(uri) ?? { spans: [], verdicts: [] };
    this.unsynced.set(uri, entry);
    const shadow = `v:${doc.version}`;
    // VS Code orders an event's changes so that applying them one after the other, at their offsets, is exact.
    for (const c of event.contentChanges) entry.spans = applyChange(entry.spans, { offset: c.rangeOffset, deleteLength: c.rangeLength, text: c.text }, shadow);
    const oldest = doc.version - RECENT_VERSIONS;
    const kept = new Set(entry.verdicts.map((v) => `v:${v.version}`));
    entry.spans = entry.spans.filter((s) => kept.has(s.origin) || Number(s.origin.slice(2)) >= oldest);
    if (verdict) {
      entry.verdicts.push({ uri, version: doc.version, ...verdict });
      this.trace(`attributed ${doc.uri.fsPath} v${doc.version} to ${verdict.source} (${verdict.confidence}) before the server synced it`);
    }
  }

  /** A verdict reached after its change: kept here while its document is not synced yet (true), else for the server. */
  claim(params: AttributeParams): boolean {
    const entry = this.unsynced.get(params.uri);
    if (this.synced.has(params.uri) || !entry) return false;
    entry.verdicts.push(params);
    return true;
  }

  /**
   * The language client is opening `document` on the server, with its text now. From here on its changes go through
   * the middleware; returns what happened to it before, for the server (undefined when nothing did).
   */
  handOff(document: vscode.TextDocument): Handoff | undefined {
    const uri = document.uri.toString();
    this.synced.add(uri);
    const entry = this.unsynced.get(uri);
    this.unsynced.delete(uri);
    if (!entry || entry.spans.length === 0) return undefined;
    // All recent changes, not only those with a verdict: a late verdict (the clipboard's text) may still come.
    const spans = entry.spans.map((s) => ({ version: Number(s.origin.slice(2)), start: s.start, end: s.end }));
    if (entry.verdicts.length > 0) this.trace(`${entry.verdicts.length} AI change(s) to ${document.uri.fsPath} made while the language server was starting, handed over at v${document.version}`);
    return { changes: { uri, version: document.version, spans }, verdicts: entry.verdicts };
  }

  /** The server is (re)starting: every document is unsynced until the client opens it again. */
  serverStarting(): void {
    this.synced.clear();
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
  }
}
