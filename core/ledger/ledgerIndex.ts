// The gate's index of ledger.json: where each file's entry, and the origins and acknowledgments its regions name, lie in
// the ledger's bytes, so that `check --staged` parses the entries of the staged files instead of the whole ledger.
//
// Why it can be trusted: the index names the exact bytes it describes (their size and SHA-256), and it is written
// after them by the writer that serialized those bytes from a ledger it had just validated. A reader uses it only when
// the bytes it read hash to that value, and checks each slice it parses (the path's key before the entry, each origin's
// and acknowledgment's origin id, then the usual validation). Anything else — no index, one written by an older
// Loadbearing, a crash between the two renames, a ledger edited or corrupted by hand, a slice that does not check —
// falls back to the full, strict parse, which reports a corrupted ledger exactly as before.
//
// Format: one header line `loadbearing-ledger-index 1 <bytes> <sha256> <files>`, then per file one line: the path as a
// JSON string, a tab, and byte offsets separated by spaces: entry start and end, the number of origins, each origin's
// start and end, then the start and end of each acknowledgment of those origins, in the ledger's order.
import { createHash } from 'node:crypto';
import { setOwn } from '../json';
import { Acknowledgment, FileEntry, Ledger, LEDGER_VERSION, LedgerFormatError, Origin, parseLedger, validateLedger } from './ledger';

const MAGIC = 'loadbearing-ledger-index';
const INDEX_VERSION = '1';

/** What the gate reads of a ledger: which files it has entries for, and a ledger holding only the entries it asks for. */
export interface LedgerSelection {
  readonly fileCount: number;
  has(path: string): boolean;
  /**
   * A valid ledger with the entries of `paths` (those it has), the origins their regions name and those origins'
   * acknowledgments in the ledger's order: for these paths, everything a reader of the whole ledger would see.
   * Throws LedgerFormatError when the ledger is corrupted.
   */
  select(paths: readonly string[]): Ledger;
}

/** The selection of a ledger already parsed: all of it. */
export function wholeLedgerSelection(ledger: Ledger): LedgerSelection {
  return {
    fileCount: Object.keys(ledger.files).length,
    has: (path) => Object.hasOwn(ledger.files, path),
    select: () => ledger,
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The ledger's text (exactly `serializeLedger`'s, i.e. JSON.stringify) and its index; the index is undefined when the
 * ledger does not validate (then no index may vouch for it, and readers parse it whole).
 */
export function serializeLedgerIndexed(ledger: Ledger): { text: string; index: string | undefined } {
  const parts: string[] = [];
  let bytes = 0;
  const put = (text: string): void => {
    parts.push(text);
    bytes += Buffer.byteLength(text, 'utf8');
  };
  /** Puts `value` as JSON and returns where its bytes start and end. */
  const putValue = (value: unknown): [number, number] => {
    const start = bytes;
    put(JSON.stringify(value) ?? 'null');
    return [start, bytes];
  };
  // Same layout and key order as JSON.stringify(ledger) (a unit test checks the texts are equal).
  put(`{"version":${JSON.stringify(ledger.version)},"files":{`);
  const entries = new Map<string, [number, number]>();
  let first = true;
  for (const [file, entry] of Object.entries(ledger.files)) {
    if (entry === undefined) continue; // JSON.stringify leaves such keys out
    put(`${first ? '' : ','}${JSON.stringify(file)}:`);
    first = false;
    entries.set(file, putValue(entry));
  }
  put('},"origins":{');
  const origins = new Map<string, [number, number]>();
  first = true;
  for (const [id, origin] of Object.entries(ledger.origins)) {
    if (origin === undefined) continue;
    put(`${first ? '' : ','}${JSON.stringify(id)}:`);
    first = false;
    origins.set(id, putValue(origin));
  }
  put('},"acks":[');
  const acksOf = new Map<string, number[]>();
  ledger.acks.forEach((ack, k) => {
    if (k > 0) put(',');
    const [start, end] = putValue(ack);
    const list = acksOf.get(ack?.origin);
    if (list) list.push(start, end);
    else acksOf.set(ack?.origin, [start, end]);
  });
  put(']}');
  const text = parts.join('');

  try {
    validateLedger(ledger);
  } catch (error) {
    if (error instanceof LedgerFormatError) return { text, index: undefined };
    throw error;
  }
  const lines = [`${MAGIC} ${INDEX_VERSION} ${bytes} ${sha256(text)} ${entries.size}`];
  for (const [file, [start, end]] of entries) {
    // Acknowledgments count by origin id even where the origin itself is missing (findAck): all named ids are followed.
    const named = [...new Set(ledger.files[file].regions.map((r) => r.origin))];
    const known = named.filter((id) => origins.has(id));
    const offsets = [start, end, known.length];
    for (const id of known) offsets.push(...origins.get(id)!);
    const acks: number[] = [];
    for (const id of named) acks.push(...(acksOf.get(id) ?? []));
    const pairs: [number, number][] = [];
    for (let k = 0; k < acks.length; k += 2) pairs.push([acks[k], acks[k + 1]]);
    pairs.sort((a, b) => a[0] - b[0]);
    for (const pair of pairs) offsets.push(...pair);
    lines.push(`${JSON.stringify(file)}\t${offsets.join(' ')}`);
  }
  return { text, index: lines.join('\n') + '\n' };
}

/** The index does not describe these bytes: the reader parses the ledger whole. */
class StaleIndex extends Error {}

/**
 * The selection of the ledger `bytes` through `indexText`, or undefined when the index is not the one of exactly these
 * bytes. Should a slice not check (it cannot, short of a hash collision), `select` parses the whole ledger instead.
 */
export function indexedSelection(bytes: Buffer, indexText: string): LedgerSelection | undefined {
  const eol = indexText.indexOf('\n');
  const header = indexText.slice(0, Math.max(eol, 0)).split(' ');
  if (eol < 0 || header.length !== 5 || header[0] !== MAGIC || header[1] !== INDEX_VERSION) return undefined;
  if (Number(header[2]) !== bytes.length || header[3] !== sha256(bytes)) return undefined;
  /** Per path as a JSON string, its line's offsets (not yet split: the gate needs only a few). */
  const lines = new Map<string, string>();
  for (let pos = eol + 1; pos < indexText.length; ) {
    const end = indexText.indexOf('\n', pos);
    const tab = indexText.indexOf('\t', pos);
    if (end < 0 || tab < 0 || tab > end) return undefined;
    lines.set(indexText.slice(pos, tab), indexText.slice(tab + 1, end));
    pos = end + 1;
  }
  if (lines.size !== Number(header[4])) return undefined;
  return {
    fileCount: lines.size,
    has: (path) => lines.has(JSON.stringify(path)),
    select(paths) {
      try {
        return selectThroughIndex(bytes, lines, paths);
      } catch (error) {
        if (!(error instanceof StaleIndex || error instanceof SyntaxError || error instanceof LedgerFormatError)) throw error;
        return parseLedger(bytes.toString('utf8'));
      }
    },
  };
}

function selectThroughIndex(bytes: Buffer, lines: ReadonlyMap<string, string>, paths: readonly string[]): Ledger {
  // The slices are copied side by side into one JSON array and parsed at once: thousands of small parses cost more.
  const ranges: number[] = [];
  const take = (start: number, end: number): void => {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= bytes.length)) throw new StaleIndex();
    ranges.push(start, end);
  };
  const chosen: string[] = [];
  const originCounts: number[] = [];
  const originRanges: number[] = [];
  const ackRanges = new Map<number, number>();
  for (const path of paths) {
    const key = JSON.stringify(path);
    const line = lines.get(key);
    if (line === undefined || chosen.includes(path)) continue;
    const offsets = line.split(' ').map(Number);
    const [start, end, count] = offsets;
    // The entry is the value right after its own key in "files".
    const keyBytes = Buffer.from(`${key}:`, 'utf8');
    if (!(start >= keyBytes.length) || keyBytes.compare(bytes, start - keyBytes.length, start) !== 0) throw new StaleIndex();
    if (!(Number.isInteger(count) && count >= 0) || offsets.length < 3 + 2 * count || (offsets.length - 3) % 2 !== 0) throw new StaleIndex();
    take(start, end);
    chosen.push(path);
    originCounts.push(count);
    originRanges.push(...offsets.slice(3, 3 + 2 * count));
    for (let k = 3 + 2 * count; k < offsets.length; k += 2) ackRanges.set(offsets[k], offsets[k + 1]);
  }
  for (let k = 0; k < originRanges.length; k += 2) take(originRanges[k], originRanges[k + 1]);
  for (const [start, end] of [...ackRanges].sort((a, b) => a[0] - b[0])) take(start, end);

  let size = 2;
  for (let k = 0; k < ranges.length; k += 2) size += ranges[k + 1] - ranges[k] + 1;
  const json = Buffer.allocUnsafe(size);
  let at = 0;
  json[at++] = 0x5b; // [
  for (let k = 0; k < ranges.length; k += 2) {
    if (k > 0) json[at++] = 0x2c; // ,
    at += bytes.copy(json, at, ranges[k], ranges[k + 1]);
  }
  json[at++] = 0x5d; // ]
  const values = JSON.parse(json.toString('utf8', 0, at)) as unknown[];
  if (!Array.isArray(values) || values.length !== ranges.length / 2) throw new StaleIndex();

  const files: Record<string, FileEntry> = {};
  const origins: Record<string, Origin> = {};
  const named = new Set<unknown>();
  let next = chosen.length;
  chosen.forEach((path, f) => {
    const entry = values[f] as FileEntry;
    setOwn(files, path, entry);
    const own = new Set(Array.isArray(entry?.regions) ? entry.regions.map((r) => r?.origin) : []);
    for (const id of own) named.add(id);
    for (let k = 0; k < originCounts[f]; k++) {
      const origin = values[next++] as Origin;
      if (!own.has(origin?.id)) throw new StaleIndex();
      setOwn(origins, origin.id, origin);
    }
  });
  const acks = values.slice(next) as Acknowledgment[];
  for (const ack of acks) if (!named.has(ack?.origin)) throw new StaleIndex();
  return validateLedger({ version: LEDGER_VERSION, files, origins, acks });
}
