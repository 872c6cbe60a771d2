// Files with recorded regions that are not open, as the review queue needs them: read from disk and re-anchored only
// when the file or its ledger entry changed, not on every refresh (the queue refreshes after each pause in typing).
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeFileText } from '../core/tracking/fileText';
import { Ledger } from '../core/ledger/ledger';
import { regionsForText } from '../core/ledger/regionView';
import type { Region } from '../core/tracking/regionTracker';
import { TrackedDocument } from './trackedDocument';

interface Cached {
  mtimeMs: number;
  size: number;
  /** The ledger entry's `updated` stamp the regions were re-anchored from. */
  stamp: string;
  /** The file's text: mostly the very string of the ledger's snapshot, so it costs nothing more. */
  text: string;
  regions: Region[];
}

export class ClosedFiles {
  private readonly cache = new Map<string, Cached>();

  /** The file at `abs` with its regions, or undefined when it is gone (its regions went with it). */
  async read(abs: string, uri: string, relPath: string, ledger: Ledger): Promise<TrackedDocument | undefined> {
    const stamp = ledger.files[relPath]?.updated ?? '';
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(abs);
    } catch {
      this.cache.delete(abs);
      return undefined;
    }
    const hit = this.cache.get(abs);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && hit.stamp === stamp) return document(uri, relPath, hit);
    let text: string;
    try {
      text = decodeFileText(await fs.promises.readFile(abs));
      // Mostly the file is what the ledger recorded: keep one copy of that text, not two (the ledger's and ours).
      const snapshot = ledger.files[relPath]?.snapshot;
      if (snapshot === text) text = snapshot;
    } catch {
      this.cache.delete(abs);
      return undefined;
    }
    const cached = { mtimeMs: stat.mtimeMs, size: stat.size, stamp, text, regions: regionsForText(ledger, relPath, text) };
    this.cache.set(abs, cached);
    return document(uri, relPath, cached);
  }

  /** Drops entries of files no ledger names any more. */
  keepOnly(paths: Set<string>): void {
    for (const abs of this.cache.keys()) if (!paths.has(abs)) this.cache.delete(abs);
  }
}

/**
 * A document for one use (a queue answer), not kept: its line index is built for the answer and dropped with it
 * (with 5,000 closed files, keeping a document each held ~3 MB; server-memory benchmark, heap snapshot).
 */
function document(uri: string, relPath: string, cached: Cached): TrackedDocument {
  const doc = new TrackedDocument(TextDocument.create(uri, 'plaintext', 0, cached.text), relPath);
  doc.regions = cached.regions;
  return doc;
}
