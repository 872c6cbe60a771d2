// The ledger file's stamp: its identity on disk (device, inode, size, modification and change times, in ns), recorded
// in the gate's index by the writer once it has made sure the file holds exactly the bytes it wrote, so that the gate
// can trust the index by one `stat` instead of reading and hashing the whole ledger (core/ledger/ledgerIndex.ts).
//
// Why a matching stamp means the same bytes: every change of a file's content sets its change time (ctime) to the
// clock's current time, and no user call can set a ctime (utimes sets mtime and atime; the ctime becomes "now");
// replacing the file by a rename, as every ledger writer does, gives it another inode. What remains is a change within
// the same clock tick as the recorded ctime (file system clocks are coarse, often 1–10 ms): "racy git". The writer
// closes it (`settleStamp`): after its rename it takes the stamp, waits until the file system's clock has passed the
// stamp's ctime (a probe file's ctime says where that clock is), then re-reads the ledger and checks it hashes to what it
// wrote, and stats it again. A change before the clock passed is caught by the re-read, one after it gets a later ctime
// and no longer matches, whether it happens before the writer's second stat or any time after.
// Where that cannot be made sure (the clock does not move within the wait, as on a file system with 1 s or 2 s
// timestamps; the bytes or the stat changed meanwhile; no ctime or inode), the index gets no stamp and the gate falls
// back to hashing the ledger's bytes, as before stamps.
//
// Order of writes (LedgerStore.update, under the ledger lock): the ledger (temp file, fsync, rename), then its stamp,
// then the index (temp file, fsync, rename). A crash between the two renames leaves an index whose stamp names the
// previous ledger's inode: it does not match and the gate reads the ledger whole. A writer that knows no stamp (an
// older Loadbearing) renames a new file into place, another inode: the same. Readers (`stampOf` at read time) compare
// the stamp before reading and again after reading the slices they parse, through the same open file.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readInPieces } from '../filePieces';

/** How long the writer waits for the file system's clock to pass the ledger's ctime before giving up on a stamp. */
const CLOCK_WAIT_MS = 50;

/** `dev:ino:size:mtimeNs:ctimeNs` of a stat with bigint times; undefined when the file system gives no inode or ctime. */
export function stampOf(stat: fs.BigIntStats): string | undefined {
  if (stat.ino === 0n || stat.ctimeNs === 0n) return undefined;
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * The stamp of `file`, which the caller has just renamed into place with bytes hashing (SHA-256, hex) to `sha256`;
 * undefined when it cannot be made sure that the stamp stands for those bytes (see the header).
 */
export async function settleStamp(file: string, sha256: string): Promise<string | undefined> {
  try {
    const before = await fs.promises.stat(file, { bigint: true });
    const stamp = stampOf(before);
    if (stamp === undefined || !(await clockPassed(path.dirname(file), before.ctimeNs))) return undefined;
    if ((await hashFile(file)) !== sha256) return undefined;
    const after = stampOf(await fs.promises.stat(file, { bigint: true }));
    return after === stamp ? stamp : undefined;
  } catch {
    return undefined; // the ledger vanished, or the folder is not writable for the probe: no stamp, the gate hashes
  }
}

/** Whether the file system's clock in `dir` reads later than `ctimeNs`, within CLOCK_WAIT_MS (a probe file's ctime tells). */
async function clockPassed(dir: string, ctimeNs: bigint): Promise<boolean> {
  // Named like a writer's temp file, so that a crash here leaves nothing the next writer does not remove.
  const probe = path.join(dir, `.ledger-${process.pid}-${randomUUID()}.tmp`);
  const handle = await fs.promises.open(probe, 'w');
  try {
    const deadline = Date.now() + CLOCK_WAIT_MS;
    for (;;) {
      if ((await handle.stat({ bigint: true })).ctimeNs > ctimeNs) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 1));
      const now = new Date();
      await handle.utimes(now, now); // sets the probe's ctime to the clock's time now
    }
  } finally {
    await handle.close();
    await fs.promises.rm(probe, { force: true });
  }
}

/** The re-read goes in pieces, as the server reads the ledger (server/serverLedgerStore.ts). */
async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await readInPieces(file, (piece) => hash.update(piece));
  return hash.digest('hex');
}
