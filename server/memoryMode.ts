// Tells V8 to favour a small heap over speed, once the server has started: called when `initialize` arrives, before
// the ledgers are loaded.
//
// Why: the server is long-lived and mostly idle. After a large burst (loading a big ledger, answering a review queue
// of 100,000 regions) V8's default heap sizing keeps every page it grew to, and Node never tells V8 it is idle, so
// the garbage of that burst stays resident for the life of the process (measured: 400 MB resident for 65 MB of live
// objects). In this mode V8 grows the heap less eagerly and gives freed pages back; the server's own work is
// dominated by text and disk, not by the JIT, so the cost does not show (`npm run bench`: keystroke, publish).
// Why not from the first line: loading the bundle in this mode took ~15 ms longer (server-start benchmark, Node 24),
// and setting it when `initialize` arrives keeps the burst's memory given back the same (server-memory benchmark).
import { setFlagsFromString } from 'node:v8';

export function favourSmallHeap(): void {
  setFlagsFromString('--optimize-for-size');
}
