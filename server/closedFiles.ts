// Files with recorded regions that are not open, as the review queue needs them: read from disk for each answer, and
// re-anchored only when the file's text or its ledger entry changed, not on every answer.
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeFileText } from '../core/tracking/fileText';
import { Ledger } from '../core/ledger/ledger';
import { regionsForText } from '../core/ledger/regionView';
import type { Region } from '../core/tracking/regionTracker';
import { TrackedDocument } from './trackedDocument';

interface Cached {
  /** The ledger entry's `updated` stamp the regions were re-anchored from. */
  stamp: string;
  /** The text's length and hash (textCheck) when the regions were re-anchored onto it. */
  length: number;
  check: number;
  regions: Region[];
}

/**
 * Why no text is kept: it would be a second copy of the ledger's snapshots, which the server holds deflated
 * (server/packedEntry.ts); with 5,000 closed files that was ~10 MB for a queue asked for at start and on big changes.
 * Reading the files again for such an answer costs less than keeping them.
 */
export class ClosedFiles {
  private readonly cache = new Map<string, Cached>();

  /** The file at `abs` with its regions, or undefined when it is gone (its regions went with it). */
  async read(abs: string, uri: string, relPath: string, ledger: Ledger): Promise<TrackedDocument | undefined> {
    const stamp = ledger.files[relPath]?.updated ?? '';
    let text: string;
    try {
      text = decodeFileText(await fs.promises.readFile(abs));
    } catch {
      this.cache.delete(abs);
      return undefined;
    }
    const check = textCheck(text);
    let cached = this.cache.get(abs);
    if (!cached || cached.stamp !== stamp || cached.length !== text.length || cached.check !== check) {
      cached = { stamp, length: text.length, check, regions: regionsForText(ledger, relPath, text) };
      this.cache.set(abs, cached);
    }
    return document(uri, relPath, text, cached.regions);
  }

  /** Drops entries of files no ledger names any more. */
  keepOnly(paths: Set<string>): void {
    for (const abs of this.cache.keys()) if (!paths.has(abs)) this.cache.delete(abs);
  }
}

/**
 * A 53-bit hash of the text (cyrb53): whether it is the text the cached regions were re-anchored onto. Not node:crypto:
 * the server loads that only when a review needs it, and this runs for every closed file of the queue.
 */
export function textCheck(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A document for one use (a queue answer), not kept: its line index is built for the answer and dropped with it
 * (with 5,000 closed files, keeping a document each held ~3 MB; server-memory benchmark, heap snapshot).
 */
function document(uri: string, relPath: string, text: string, regions: Region[]): TrackedDocument {
  const doc = new TrackedDocument(TextDocument.create(uri, 'plaintext', 0, text), relPath);
  doc.regions = regions;
  return doc;
}
