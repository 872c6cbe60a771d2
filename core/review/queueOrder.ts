// The review queue's order, one rule for the server's answer and the client's updates: critical first, then by path and line.
import type { QueueEntry } from '../protocol';

const RANK = { critical: 0, high: 1, watch: 2 } as const;

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return (a.tier ? RANK[a.tier] : 3) - (b.tier ? RANK[b.tier] : 3) || a.path.localeCompare(b.path) || a.range.start.line - b.range.start.line;
}
