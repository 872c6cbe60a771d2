// The review queue's order, one rule for the server's answer and the client's updates: critical first, then by path and line.
import type { QueueEntry } from '../protocol';
import { tierRank } from '../tier';

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return tierRank(a.tier) - tierRank(b.tier) || a.path.localeCompare(b.path) || a.range.start.line - b.range.start.line;
}
