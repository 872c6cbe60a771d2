// Observes pastes (never changes them): text copied inside this window is the user's own; a large paste of text from
// elsewhere (a chat window, a browser) is attributed to AI as `paste`, `likely`.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { Attributor, normalize } from './attributor';

export interface PasteSettings {
  minLines: number;
  minChars: number;
}

/** How many recent in-editor copies we remember. */
const COPIES_KEPT = 50;

/** A copy as its normalized length and hash: a pasted text is hashed only when a copy has its length. */
interface Copy {
  length: number;
  hash: string;
}

export class PasteWatcher implements vscode.DocumentPasteEditProvider {
  private readonly copied: Copy[] = [];

  constructor(
    private readonly attributor: Attributor,
    private readonly settings: () => PasteSettings,
    private readonly trace?: (message: string) => void,
  ) {}

  register(): vscode.Disposable {
    return vscode.languages.registerDocumentPasteEditProvider([{ scheme: 'file' }, { scheme: 'untitled' }], this, {
      providedPasteEditKinds: [vscode.DocumentDropOrPasteEditKind.Empty.append('loadbearing', 'observe')],
      copyMimeTypes: ['text/plain'],
      pasteMimeTypes: ['text/plain'],
    });
  }

  /**
   * Called on copy or cut in an editor. The data transfer is for us to add to, not to read: the copied text is the
   * text of the ranges (a whole line for an empty selection, as VS Code copies it).
   */
  async prepareDocumentPaste(document: vscode.TextDocument, ranges: readonly vscode.Range[]): Promise<void> {
    const parts = ranges.map((range) => (range.isEmpty ? document.lineAt(range.start.line).text + '\n' : document.getText(range)));
    const text = parts.join(document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
    this.trace?.(`copy in an editor: ${text.length} characters remembered`);
    if (text) this.rememberCopy(text);
  }

  /** Text copied or cut in an editor of this window (also used for selections copied by other commands). */
  rememberCopy(text: string): void {
    const normalized = normalize(text);
    this.copied.push({ length: normalized.length, hash: sha256(normalized) });
    if (this.copied.length > COPIES_KEPT) this.copied.shift();
  }

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    _ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
  ): Promise<undefined> {
    const text = await dataTransfer.get('text/plain')?.asString();
    this.trace?.(`paste of ${text?.length ?? 0} characters, ${text && this.copiedInside(text) ? 'copied in this window' : 'from outside'}`);
    if (text && this.isExternalLargePaste(text)) this.attributor.expect(document.uri, 'paste', 'likely', text);
    // Observe only: no edit of ours, VS Code's default paste goes ahead unchanged.
    return undefined;
  }

  copiedInside(text: string): boolean {
    const normalized = normalize(text);
    return this.copied.some((c) => c.length === normalized.length && c.hash === sha256(normalized));
  }

  isExternalLargePaste(text: string): boolean {
    if (this.copiedInside(text)) return false;
    const { minLines, minChars } = this.settings();
    return text.length >= minChars || text.replace(/\r?\n$/, '').split(/\r\n|\r|\n/).length >= minLines;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
