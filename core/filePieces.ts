// Reads a file in pieces of 64 KiB, below glibc's initial mmap threshold (128 KiB), so that reading a large ledger
// never raises that threshold in a long-lived process (server/serverLedgerStore.ts says what that costs).
import * as fs from 'node:fs';

const PIECE_BYTES = 64 * 1024;

/** Calls `onPiece` with each piece of `file` in order; the buffer is reused, so a piece is only valid during the call. */
export async function readInPieces(file: string, onPiece: (piece: Buffer) => void, pieceBytes = PIECE_BYTES): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(pieceBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, pieceBytes, null);
      if (bytesRead === 0) break;
      onPiece(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}
