// The ledger store as the server uses it: the same file, format, lock and merge, but the file is read in small
// pieces instead of one buffer the size of the ledger.
//
// Why: the server lives for hours, and glibc's malloc takes a freed block of that size (a 30 MB ledger) as the new
// threshold below which it serves allocations from its own heap, which it then seldom gives back to the system. With
// one large read, the burst of loading and answering the queue stayed resident (server-memory benchmark, Node 24:
// 146 MB settled, 112 MB reading in pieces). The CLI keeps the one read: it exits right after, and one read is faster.
// Not covered: once the server has written the ledger, V8's own buffers for parsing it (~3 MB for 100,000 origins)
// have raised the threshold too, and a later burst stays resident again (143 MB; writing in pieces changed nothing,
// measured). What covers that is the allocator's setting in the server's environment, MALLOC_MMAP_THRESHOLD_=131072,
// which the client gives the server it starts (serverProcessEnv in core/protocol.ts).
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { emptyLedger, Ledger, parseLedger } from '../core/ledger/ledger';
import { LedgerStore } from '../core/ledger/ledgerStore';

/** Below glibc's initial mmap threshold (128 KiB), so reading never raises it. */
const PIECE_BYTES = 64 * 1024;

export class ServerLedgerStore extends LedgerStore {
  override async readStrict(): Promise<Ledger> {
    let text: string;
    try {
      text = await readUtf8InPieces(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
      throw error;
    }
    return parseLedger(text);
  }
}

/** The file's text decoded as UTF-8, exactly as `readFile(file).toString('utf8')` decodes it. */
export async function readUtf8InPieces(file: string, pieceBytes = PIECE_BYTES): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(pieceBytes);
    const decoder = new StringDecoder('utf8');
    const parts: string[] = [];
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, pieceBytes, null);
      if (bytesRead === 0) break;
      parts.push(decoder.write(buffer.subarray(0, bytesRead)));
    }
    parts.push(decoder.end());
    return parts.join('');
  } finally {
    await handle.close();
  }
}
