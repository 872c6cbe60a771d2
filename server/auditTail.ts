// Reads what was appended to a repository's audit log (`<git dir>/loadbearing/audit.jsonl`) since last time: how the
// server learns that the CLI refused a commit or recorded one, to tell the client.
import * as fs from 'node:fs';
import { AuditEvent } from '../core/ledger/ledgerStore';

export class AuditTail {
  /** Bytes already read (events before the server started are history, not news). */
  private offset: number;
  /** A last line still being written (no newline yet). */
  private partial = '';

  constructor(private readonly file: string) {
    this.offset = size(file);
  }

  /** The complete events appended since the last call; lines that are not JSON are skipped. */
  read(): AuditEvent[] {
    const end = size(this.file);
    if (end < this.offset) {
      // Truncated or replaced (someone cleared it): start again from its beginning.
      this.offset = 0;
      this.partial = '';
    }
    if (end === this.offset) return [];
    let text: string;
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const buffer = Buffer.alloc(end - this.offset);
        const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
        text = buffer.subarray(0, read).toString('utf8');
        this.offset += read;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return [];
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const events: AuditEvent[] = [];
    for (const line of lines) {
      try {
        const event = JSON.parse(line) as AuditEvent;
        if (event && typeof event === 'object' && typeof event.type === 'string') events.push(event);
      } catch {
        /* a torn or foreign line: not ours to report */
      }
    }
    return events;
  }
}

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
