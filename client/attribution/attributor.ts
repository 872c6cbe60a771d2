// Decides, for each document change, whether an AI put it there. The watchers (inline completion, paste) record what
// they saw just before a change; the language client's didChange middleware asks `classify` and tells the server.
import * as vscode from 'vscode';
import { AttributeParams } from '../../core/protocol';
import { AiSource, Confidence } from '../../core/ledger';

/** How long an observed accept or paste waits for the change it causes. */
const EXPECTATION_MS = 3000;

interface Expectation {
  uri: string;
  source: AiSource;
  confidence: Confidence;
  until: number;
}

export interface AttributionSettings {
  chatMinChars: number;
}

export class Attributor {
  private expectations: Expectation[] = [];
  private ownEdits = 0;

  constructor(private readonly settings: () => AttributionSettings) {}

  /** An accept of ghost text or an external paste is about to change `uri`. */
  expect(uri: vscode.Uri, source: AiSource, confidence: Confidence): void {
    this.expectations.push({ uri: uri.toString(), source, confidence, until: Date.now() + EXPECTATION_MS });
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

  classify(event: vscode.TextDocumentChangeEvent): Omit<AttributeParams, 'uri' | 'version'> | undefined {
    const uri = event.document.uri.toString();
    const now = Date.now();
    this.expectations = this.expectations.filter((e) => e.until >= now);
    if (event.contentChanges.length === 0 || this.ownEdits > 0) return undefined;
    // Undo and redo replay history; they are not new AI text.
    if (event.reason === vscode.TextDocumentChangeReason.Undo || event.reason === vscode.TextDocumentChangeReason.Redo) {
      return undefined;
    }
    const inserted = event.contentChanges.reduce((n, c) => n + c.text.length, 0);
    const at = this.expectations.findIndex((e) => e.uri === uri);
    if (at >= 0 && inserted > 0) {
      const [expectation] = this.expectations.splice(at, 1);
      return { source: expectation.source, confidence: expectation.confidence };
    }
    if (looksLikeChatEdit(event, this.settings().chatMinChars)) return { source: 'chat', confidence: 'likely' };
    return undefined;
  }
}

/**
 * A chat or agent edit: text arrives in a document the user is not typing in (not the focused editor), while the
 * document stays unsaved (a reload from disk, e.g. `git checkout`, leaves it clean), and it is more than a rename's
 * identifier swap: a new line or a substantial insertion.
 */
function looksLikeChatEdit(event: vscode.TextDocumentChangeEvent, minChars: number): boolean {
  const doc = event.document;
  if (!doc.isDirty) return false;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.toString() === doc.uri.toString()) return false;
  return event.contentChanges.some((c) => c.text.includes('\n') || c.text.length >= minChars);
}
