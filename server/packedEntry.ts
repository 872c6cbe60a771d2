// Ledger entries whose snapshot the server holds deflated: read when a region is re-anchored (a file opened or changed
// while closed), written whole, byte for byte, whenever the entry is.
//
// Why: a snapshot is a whole file's text, kept so that regions can be moved onto the file's text when it changed
// while closed. The server holds every entry of the ledger, and its snapshots were its largest part (100,000 regions
// over 5,000 files: 9.6 MB of 40 MB live heap, server-memory benchmark). Most are never read again after the file
// was first compared with them; deflated they take about a quarter (source code) to a tenth (repetitive text).
// Why not read them from ledger.json when needed: after a corruption the server writes back everything it knows
// (repoLedger.ts), snapshots included, and the file on disk is then exactly what can no longer be read.
// Why in blocks of many files, not one call per file: each zlib call leaves native memory that only a garbage
// collection frees, and with thousands of small calls glibc's heap kept it (5,000 calls: +16 MB resident, measured).
import * as zlib from 'node:zlib';
import { setOwn } from '../core/json';
import type { FileEntry } from '../core/ledger/ledger';
import type { Region } from '../core/tracking/regionTracker';

/** Shorter texts are kept as they are: deflating would save little. */
const MIN_PACKED_LENGTH = 256;
/** Snapshots are deflated together until a block holds this many bytes (a larger snapshot is a block of its own). */
const BLOCK_BYTES = 256 * 1024;
/** The last block read stays inflated for the next read (the queue reads files in the ledger's order), up to this size. */
const CACHED_BLOCK_BYTES = 1024 * 1024;
/** Fast, and as small as the default level on source code (measured). */
const DEFLATE_OPTIONS: zlib.ZlibOptions = { level: 1 };

/** Snapshots' UTF-8 bytes, one after another, deflated; one character per byte (a one-byte string, on V8's heap). */
class Block {
  constructor(
    readonly packed: string,
    readonly bytes: number,
  ) {}
}

let lastBlock: { block: Block; text: Buffer } | undefined;

function inflated(block: Block): Buffer {
  if (lastBlock?.block === block) return lastBlock.text;
  // One output buffer of the known size: no pieces to join.
  const text = zlib.inflateRawSync(Buffer.from(block.packed, 'latin1'), { chunkSize: Math.max(64, block.bytes) });
  lastBlock = block.bytes <= CACHED_BLOCK_BYTES ? { block, text } : undefined;
  return text;
}

export class PackedEntry implements FileEntry {
  readonly #block: Block;
  readonly #start: number;
  readonly #end: number;

  constructor(
    block: Block,
    start: number,
    end: number,
    public regions: Region[],
    public updated: string,
  ) {
    this.#block = block;
    this.#start = start;
    this.#end = end;
  }

  get snapshot(): string {
    return inflated(this.#block).toString('utf8', this.#start, this.#end);
  }

  /** What JSON.stringify writes: the entry exactly as it was read or written (only such entries are packed). */
  toJSON(): FileEntry {
    return plainEntry(this);
  }
}

/** The entry as a plain object (a packed one inflated), for spreading and for writing. */
export function plainEntry(entry: FileEntry): FileEntry {
  return entry instanceof PackedEntry ? { snapshot: entry.snapshot, regions: entry.regions, updated: entry.updated } : entry;
}

/** Packs the snapshots of `paths` (all entries when omitted) in place; entries that cannot be kept exactly stay as they are. */
export function packEntries(files: Record<string, FileEntry>, paths: Iterable<string> = Object.keys(files)): void {
  let pending: { path: string; entry: FileEntry; bytes: number }[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const all = Buffer.from(pending.map((p) => p.entry.snapshot).join(''), 'utf8');
    const block = new Block(zlib.deflateRawSync(all, DEFLATE_OPTIONS).toString('latin1'), all.length);
    let start = 0;
    for (const { path, entry, bytes } of pending) {
      setOwn(files, path, new PackedEntry(block, start, start + bytes, entry.regions, entry.updated));
      start += bytes;
    }
    pending = [];
    pendingBytes = 0;
  };
  for (const path of paths) {
    if (!Object.hasOwn(files, path)) continue;
    const entry = files[path];
    if (!isPlainEntry(entry) || entry.snapshot.length < MIN_PACKED_LENGTH || !isWellFormed(entry.snapshot)) continue;
    const bytes = Buffer.byteLength(entry.snapshot, 'utf8');
    pending.push({ path, entry, bytes });
    pendingBytes += bytes;
    if (pendingBytes >= BLOCK_BYTES) flush();
  }
  flush();
}

/**
 * An entry as every writer makes it: exactly `snapshot`, `regions`, `updated`, in that order. Only such an entry is
 * packed, so that writing it back (toJSON) gives the same bytes; one with other keys or order stays as it is.
 */
function isPlainEntry(entry: FileEntry): boolean {
  if (Object.getPrototypeOf(entry) !== Object.prototype) return false;
  const keys = Object.keys(entry);
  return (
    keys.length === 3 && keys[0] === 'snapshot' && keys[1] === 'regions' && keys[2] === 'updated' &&
    typeof entry.snapshot === 'string' && Array.isArray(entry.regions) && typeof entry.updated === 'string'
  );
}

/** UTF-8 cannot carry an unpaired surrogate (JSON can): such a text would not come back the same. */
function isWellFormed(text: string): boolean {
  // Most code has no surrogate at all; String.prototype.isWellFormed is Node 20+, and not in the ES2022 typings.
  if (!/[\uD800-\uDFFF]/.test(text)) return true;
  const check = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return check ? check.call(text) : false;
}
