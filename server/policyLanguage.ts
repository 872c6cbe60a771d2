// Language support for open `.loadbearing` documents: keeps their text, analyses them against the repository's files
// (debounced while typing) and answers diagnostics, completion, hover and symbols. Dependencies are injected.
import * as path from 'node:path';
import {
  CompletionItem,
  CompletionParams,
  Connection,
  Diagnostic,
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
  DocumentSymbol,
  DocumentSymbolParams,
  Hover,
  HoverParams,
  PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { GitRepo } from '../core/git/gitRepo';
import { POLICY_FILE } from '../core/policy/policyLoader';
import { parsePolicy } from '../core/policy/policyParser';
import type { WorkTreeFiles } from '../core/policy/workTreeFiles';
import { analyzePolicy, PolicyAnalysis } from './policyAnalysis';
import { policyCompletions, policyDiagnostics, policyHover, policySymbols } from './policyFeatures';

export const POLICY_LANGUAGE_ID = 'loadbearing';
const TYPING_DELAY_MS = 150;

export interface PolicyLanguageDeps {
  /** Sends a document's complete diagnostics (the connection's, not one other modules write through). */
  publish(params: PublishDiagnosticsParams): void;
  findRepo(absPath: string): GitRepo | undefined;
  repoRelative(repo: GitRepo, absPath: string): string | undefined;
  files: { filesOf(root: string): Promise<WorkTreeFiles>; invalidate(): void };
  typingDelayMs?: number;
}

interface PolicyDoc {
  doc: TextDocument;
  repo: GitRepo | undefined;
  /** Repository-relative folder of the file ('' at the root or outside a repository). */
  dir: string;
  timer?: NodeJS.Timeout;
  analysis?: { version: number; result: Promise<PolicyAnalysis> };
  ours: Diagnostic[];
  /** Diagnostics other modules publish for the same document (AI regions in the policy file itself). */
  others: Diagnostic[];
}

/** The file-system path a document URI names: `file:` paths, and the intended path of an `untitled:` draft. */
export function documentPath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'file:' && url.protocol !== 'untitled:') return undefined;
    const p = decodeURIComponent(url.pathname);
    // file:///c%3A/x and untitled:/c:/x name Windows paths.
    return /^\/[A-Za-z]:/.test(p) ? p.slice(1).split('/').join(path.sep) : p.split('/').join(path.sep);
  } catch {
    return undefined;
  }
}

export function isPolicyDocument(uri: string, languageId: string): boolean {
  const file = documentPath(uri);
  return languageId === POLICY_LANGUAGE_ID || (file !== undefined && path.basename(file) === POLICY_FILE);
}

export class PolicyLanguage {
  private readonly docs = new Map<string, PolicyDoc>();

  constructor(private readonly deps: PolicyLanguageDeps) {}

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  open(params: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = params.textDocument;
    if (!isPolicyDocument(uri, languageId)) return;
    const file = documentPath(uri);
    const repo = file ? this.deps.findRepo(path.dirname(file)) : undefined;
    const dir = repo && file ? (this.deps.repoRelative(repo, path.dirname(file)) ?? '') : '';
    this.docs.set(uri, { doc: TextDocument.create(uri, languageId, version, text), repo, dir, ours: [], others: [] });
    this.schedule(uri, 0);
  }

  change(params: DidChangeTextDocumentParams): void {
    const entry = this.docs.get(params.textDocument.uri);
    if (!entry) return;
    entry.doc = TextDocument.update(entry.doc, params.contentChanges, params.textDocument.version);
    this.schedule(entry.doc.uri, this.deps.typingDelayMs ?? TYPING_DELAY_MS);
  }

  close(uri: string): void {
    const entry = this.docs.get(uri);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.docs.delete(uri);
    this.deps.publish({ uri, diagnostics: [] });
  }

  /** Files of a repository (or a policy file) changed: count again for every open policy document. */
  invalidate(): void {
    this.deps.files.invalidate();
    for (const [uri, entry] of this.docs) {
      entry.analysis = undefined;
      this.schedule(uri, 0);
    }
  }

  /** The analysis of the document's current text (shared by diagnostics and hover until the next change). */
  analysis(uri: string): Promise<PolicyAnalysis> | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    if (entry.analysis?.version !== entry.doc.version) {
      const text = entry.doc.getText();
      const { repo, dir } = entry;
      const files = repo ? this.deps.files.filesOf(repo.root) : Promise.resolve(undefined);
      entry.analysis = { version: entry.doc.version, result: files.then((f) => analyzePolicy(text, dir, f)) };
    }
    return entry.analysis.result;
  }

  /** Diagnostics another module publishes for `params.uri`: kept and merged with ours when it is a policy document. */
  mergeOthers(params: PublishDiagnosticsParams): boolean {
    const entry = this.docs.get(params.uri);
    if (!entry) return false;
    entry.others = params.diagnostics;
    this.send(entry);
    return true;
  }

  completion(params: CompletionParams): CompletionItem[] | undefined {
    const entry = this.docs.get(params.textDocument.uri);
    if (!entry) return undefined;
    const line = params.position.line;
    const text = entry.doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
    return policyCompletions(text, params.position);
  }

  /** undefined for documents that are not policies, so the caller can fall through to other hovers. */
  hover(params: HoverParams): Promise<Hover | null> | undefined {
    return this.analysis(params.textDocument.uri)?.then((a) => policyHover(a, params.position.line));
  }

  symbols(params: DocumentSymbolParams): DocumentSymbol[] | undefined {
    const entry = this.docs.get(params.textDocument.uri);
    return entry ? policySymbols(parsePolicy(entry.doc.getText(), entry.dir)) : undefined;
  }

  private schedule(uri: string, delayMs: number): void {
    const entry = this.docs.get(uri);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.refresh(uri), delayMs);
  }

  private async refresh(uri: string): Promise<void> {
    const entry = this.docs.get(uri);
    const pending = this.analysis(uri);
    if (!entry || !pending) return;
    const version = entry.doc.version;
    const analysis = await pending;
    // A newer change has its own refresh coming.
    if (this.docs.get(uri) !== entry || entry.doc.version !== version) return;
    entry.ours = policyDiagnostics(analysis);
    this.send(entry);
  }

  private send(entry: PolicyDoc): void {
    this.deps.publish({ uri: entry.doc.uri, version: entry.doc.version, diagnostics: [...entry.ours, ...entry.others] });
  }
}

/**
 * The connection other modules publish through: diagnostics they send for an open policy document are merged with
 * the policy's own instead of replacing them (the client keeps one set per document and server).
 */
export function mergingPolicyDiagnostics(connection: Connection, language: PolicyLanguage): Connection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'sendDiagnostics') {
        return (params: PublishDiagnosticsParams) => (language.mergeOthers(params) ? Promise.resolve() : target.sendDiagnostics(params));
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
