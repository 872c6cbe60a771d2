// The review-queue entries of files that are not open, read from disk and the ledger: for the whole queue (a request)
// and for the few files a change touched, which the server pushes so the client never asks for the whole queue again.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { QueueEntry, QueueFilesParams } from '../core/protocol';
import { describeRegions } from './regionInfo';
import { RepoLedger } from './repoLedger';
import { Workspace } from './workspace';

export function fileUri(ledger: RepoLedger, relPath: string): { abs: string; uri: string } {
  const abs = path.join(ledger.repo.root, ...relPath.split('/'));
  return { abs, uri: pathToFileURL(abs).toString() };
}

/** The entries of `relPath` in `ledger`'s repository as a closed file (none when it is open, gone or without regions). */
export async function closedFileEntries(ws: Workspace, ledger: RepoLedger, relPath: string, includeReviewed = false): Promise<QueueEntry[]> {
  const { abs, uri } = fileUri(ledger, relPath);
  if (ws.docs.has(uri) || !ledger.ledger.files[relPath]) return [];
  const tracked = await ws.closedFiles.read(abs, uri, relPath, ledger.ledger);
  if (!tracked) return [];
  return describeRegions(tracked, ledger.ledger, ws.tierOf(ledger.repo, relPath))
    .filter((info) => includeReviewed || !info.reviewed)
    .map((info) => ({ ...info, uri, path: relPath }));
}

/** Sends the client the entries of these files that are not open; open ones are the regions notifications' business. */
export async function pushClosedFiles(ws: Workspace, ledger: RepoLedger, relPaths: string[], send: (params: QueueFilesParams) => void): Promise<void> {
  await ledger.ready;
  const files: QueueFilesParams['files'] = [];
  for (const relPath of new Set(relPaths)) {
    const { uri } = fileUri(ledger, relPath);
    if (ws.docs.has(uri)) continue;
    files.push({ uri, entries: await closedFileEntries(ws, ledger, relPath) });
  }
  if (files.length > 0) send({ files });
}
