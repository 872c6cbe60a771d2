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
import { StringDecoder } from 'node:string_decoder';
import { readInPieces } from '../core/filePieces';
import { emptyLedger, Ledger, parseLedger } from '../core/ledger/ledger';
import { LedgerStore } from '../core/ledger/ledgerStore';

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
export async function readUtf8InPieces(file: string, pieceBytes?: number): Promise<string> {
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  await readInPieces(file, (piece) => parts.push(decoder.write(piece)), pieceBytes);
  parts.push(decoder.end());
  return parts.join('');
}
