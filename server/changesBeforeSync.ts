// Changes made while the server was starting: the client hands over, with a document's first didOpen, the text they
// inserted, so that attributions of those versions (sent right after) are applied like any other.
import { ChangesBeforeSyncParams } from '../core/protocol';
import { Workspace } from './workspace';

export function changesBeforeSync(ws: Workspace, params: ChangesBeforeSyncParams): void {
  const tracked = ws.docs.get(params.uri);
  // The client sends this right after the didOpen naming the same version: anything else is a stale message.
  if (!tracked || tracked.version !== params.version) {
    ws.log.info(`changes before sync of ${params.uri} v${params.version} ignored: the document is ${tracked ? `at v${tracked.version}` : 'not open'}`);
    return;
  }
  tracked.seedRecent(params.spans);
  ws.log.info(`${new Set(params.spans.map((s) => s.version)).size} change(s) made before ${tracked.path ?? tracked.uri} was synced, handed over at v${params.version}`);
}
