// Decides, for each document change, whether an AI put it there. The watchers (inline completion, paste) record what
// they saw just before a change; the language client's didChange middleware asks `classify` and tells the server.
// Some verdicts need facts that arrive after the change (the document turning dirty, the clipboard's text): those
// are sent late, naming the same version; the server applies an attribution to its version whatever the order.
import * as vscode from 'vscode';
import { AttributeParams } from '../../core/protocol';
import { AiSource, Confidence } from '../../core/ledger/ledger';

/** How long an observed accept or paste waits for the change it causes, and a candidate for its confirmation. */
const EXPECTATION_MS = 3000;

interface Expectation {
  uri: string;
  source: AiSource;
  confidence: Confidence;
  until: number;
  /** The text the change will insert, when known (a paste): no other change may take the expectation. */
  solid?: string;
}

/** Text without whitespace: a paste may be re-indented, split over cursors or get the document's line endings. */
const solidOf = (text: string): string => text.replace(/\s+/g, '');

interface Candidate {
  uri: string;
  version: number;
  until: number;
  text: string;
}

export interface AttributionSettings {
  chatMinChars: number;
  pasteMinLines: number;
  pasteMinChars: number;
}

export type Verdict = Omit<AttributeParams, 'uri' | 'version'>;

/** AI insertions remembered per document, so that redoing an undone one restores its attribution. */
const REMEMBERED_INSERTIONS = 20;

export class Attributor implements vscode.Disposable {
  private expectations: Expectation[] = [];
  private readonly insertions = new Map<string, { text: string; verdict: Verdict }[]>();
  private chatCandidates: Candidate[] = [];
  private ownEdits = 0;
  private readonly listener: vscode.Disposable;
  private readonly late = new vscode.EventEmitter<AttributeParams>();
  /** Verdicts reached after their change was sent. */
  readonly onLateVerdict = this.late.event;

  constructor(
    private readonly settings: () => AttributionSettings,
    /** Whether a text was copied inside this window (the paste watcher knows). */
    private readonly copiedInside: (text: string) => boolean,
  ) {
    // VS Code reports a document turning dirty as a change with no content changes.
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 && event.document.isDirty) this.confirmChat(event.document.uri.toString(), event.document.version);
    });
  }

  /**
   * An accept of ghost text or an external paste is about to change `uri`; `text`, when known, is what it inserts.
   * Returns a withdrawal, for when the action is over: an accept with no ghost text on screen inserts nothing, and must
   * not leave an expectation for the next edit to take.
   */
  expect(uri: vscode.Uri, source: AiSource, confidence: Confidence, text?: string): () => void {
    const expectation: Expectation = { uri: uri.toString(), source, confidence, until: Date.now() + EXPECTATION_MS, solid: text === undefined ? undefined : solidOf(text) };
    this.expectations.push(expectation);
    return () => {
      this.expectations = this.expectations.filter((e) => e !== expectation);
    };
  }

  /** Edits Loadbearing itself makes (e.g. writing a drafted policy) are never AI. */
  async ownEdit<T>(edit: () => Thenable<T>): Promise<T> {
    this.ownEdits++;
    try {
      return await edit();
    } finally {
      this.ownEdits--;
    }
  }

  /** The verdict known at change time; later facts may still produce a late verdict for this version. */
  classify(event: vscode.TextDocumentChangeEvent): Verdict | undefined {
    const doc = event.document;
    const uri = doc.uri.toString();
    const now = Date.now();
    this.expectations = this.expectations.filter((e) => e.until >= now);
    this.chatCandidates = this.chatCandidates.filter((c) => c.until >= now);
    if (event.contentChanges.length === 0 || this.ownEdits > 0) return undefined;
    const inserted = event.contentChanges.map((c) => c.text).join('');
    // Undo replays history: the AI text it removes takes its region with it. Redo of an AI insertion brings it back.
    if (event.reason === vscode.TextDocumentChangeReason.Undo) return undefined;
    if (event.reason === vscode.TextDocumentChangeReason.Redo) {
      return this.insertions.get(uri)?.find((i) => i.text === inserted)?.verdict;
    }
    if (inserted.length === 0) return undefined;
    const at = this.expectations.findIndex((e) => e.uri === uri && (e.solid === undefined || e.solid === solidOf(inserted)));
    if (at >= 0) {
      const [expectation] = this.expectations.splice(at, 1);
      return this.remember(uri, inserted, { source: expectation.source, confidence: expectation.confidence });
    }
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return undefined;
    const activeUri = vscode.window.activeTextEditor?.document.uri.toString();
    if (activeUri !== uri) {
      if (!isSubstantial(event, this.settings().chatMinChars)) return undefined;
      // A reload from disk (git checkout) also changes a document nobody types in, but leaves it clean.
      if (doc.isDirty) return this.remember(uri, inserted, { source: 'chat', confidence: 'likely' });
      this.chatCandidates.push({ uri, version: doc.version, until: now + EXPECTATION_MS, text: inserted });
      return undefined;
    }
    if (event.contentChanges.length === 1 && this.isPasteSized(inserted)) void this.checkClipboard(uri, doc.version, inserted);
    return undefined;
  }

  /**
   * A paste that did not pass through the paste watcher (e.g. a paste command run by another extension): the inserted
   * text equals the clipboard's and was not copied inside this window.
   */
  private async checkClipboard(uri: string, version: number, inserted: string): Promise<void> {
    const clipboard = await vscode.env.clipboard.readText();
    if (clipboard.length > 0 && normalize(clipboard) === normalize(inserted) && !this.copiedInside(clipboard)) {
      this.remember(uri, inserted, { source: 'paste', confidence: 'likely' });
      this.late.fire({ uri, version, source: 'paste', confidence: 'likely' });
    }
  }

  private remember(uri: string, text: string, verdict: Verdict): Verdict {
    const list = this.insertions.get(uri) ?? [];
    list.unshift({ text, verdict });
    list.length = Math.min(list.length, REMEMBERED_INSERTIONS);
    this.insertions.set(uri, list);
    return verdict;
  }

  private isPasteSized(text: string): boolean {
    const { pasteMinLines, pasteMinChars } = this.settings();
    // The length first: splitting a 20 MB paste into lines blocks the extension host.
    return text.length >= pasteMinChars || text.replace(/\r?\n$/, '').split(/\r\n|\r|\n/).length >= pasteMinLines;
  }

  /** The document turned dirty right after the candidate change, with no other change between: an edit, not a reload. */
  private confirmChat(uri: string, version: number): void {
    const now = Date.now();
    for (const candidate of this.chatCandidates.filter((c) => c.uri === uri && c.until >= now && c.version === version)) {
      this.remember(uri, candidate.text, { source: 'chat', confidence: 'likely' });
      this.late.fire({ uri, version: candidate.version, source: 'chat', confidence: 'likely' });
    }
    this.chatCandidates = this.chatCandidates.filter((c) => c.uri !== uri);
  }

  dispose(): void {
    this.listener.dispose();
    this.late.dispose();
  }
}

/** More than a rename's identifier swap: a new line or a substantial insertion. */
function isSubstantial(event: vscode.TextDocumentChangeEvent, minChars: number): boolean {
  return event.contentChanges.some((c) => c.text.includes('\n') || c.text.length >= minChars);
}

export function normalize(text: string): string {
  // Most text has no CR: skip the regex, which takes tens of ms over a 20 MB paste (the freeze benchmark).
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
}
