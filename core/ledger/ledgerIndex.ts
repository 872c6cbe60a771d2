// The gate's index of ledger.json: where each file's entry, and the origins and acknowledgments its regions name, lie in
// the ledger's bytes, so that `check --staged` reads and parses the entries of the staged files instead of the whole
// ledger.
//
// Why it can be trusted: the index names the exact bytes it describes (their size and SHA-256) and, when the writer
// could make sure of it, the ledger file's stamp (its inode, size and change time: core/ledger/ledgerStamp.ts says why
// a matching stamp means the same bytes, and how the writer makes sure). It is written after those bytes by the writer
// that serialized them from a ledger it had just validated. A reader uses it when the file's stamp matches (then it
// reads only the slices it needs, positionally, and checks the stamp again after reading them), or else when the
// bytes it read hash to that value; and it checks what it parsed (the files are the ones asked for, every origin and
// acknowledgment belongs to one of their regions, then the usual validation). Anything else — no index, one of an
// older format, a crash between the two renames, a ledger edited or corrupted by hand, a slice that does not check —
// falls back to the full, strict parse, which reports a corrupted ledger exactly as before.
//
// Format: one header line `loadbearing-ledger-index 2 <bytes> <sha256> <files> <stamp>` (the stamp `-` when there is
// none), then per file one line: the path as a JSON string, a tab, and byte offsets separated by spaces: where its
// entry in "files" starts (its key) and ends, the number of origin runs, each run's start and end, then each
// acknowledgment run's start and end. A run is consecutive members of "origins" (from the first one's key) or of
// "acks" that the file's regions name, so runs of several files join with a comma into valid JSON: the gate parses
// everything it needs with one JSON.parse, and a run of ten origins costs what one does.
import { hashHex } from '../hash';
import * as fs from 'node:fs';
import { emptyLedger, Ledger, LEDGER_VERSION, LedgerFormatError, parseLedger, validateLedger } from './ledger';
import { settleStamp, stampOf } from './ledgerStamp';

const MAGIC = 'loadbearing-ledger-index';
const INDEX_VERSION = '2';
/** The stamp field of an index whose writer could not make sure of the ledger file's stamp. */
const NO_STAMP = '-';

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
  return hashHex('sha256', data);
}

/**
 * The ledger's text (exactly `serializeLedger`'s, i.e. JSON.stringify) and its index, without a stamp (`stampedIndex`
 * adds it once the text is in its file); the index is undefined when the ledger does not validate (then no index may
 * vouch for it, and readers parse it whole).
 */
export function serializeLedgerIndexed(ledger: Ledger): { text: string; index: string | undefined } {
  const parts: string[] = [];
  let bytes = 0;
  const put = (text: string): void => {
    parts.push(text);
    bytes += Buffer.byteLength(text, 'utf8');
  };
  // Same layout and key order as JSON.stringify(ledger) (a unit test checks the texts are equal). Each member's
  // range starts at its key ("files", "origins") or its value ("acks") and ends after its value.
  put(`{"version":${JSON.stringify(ledger.version)},"files":{`);
  const entries = new Map<string, [number, number]>();
  for (const [file, entry] of Object.entries(ledger.files)) {
    if (entry === undefined) continue; // JSON.stringify leaves such keys out
    if (entries.size > 0) put(',');
    const start = bytes;
    put(`${JSON.stringify(file)}:${JSON.stringify(entry)}`);
    entries.set(file, [start, bytes]);
  }
  put('},"origins":{');
  const originAt = new Map<string, number>(); // id → its place among the members of "origins"
  const originRanges: number[] = [];
  for (const [id, origin] of Object.entries(ledger.origins)) {
    if (origin === undefined) continue;
    if (originAt.size > 0) put(',');
    const start = bytes;
    put(`${JSON.stringify(id)}:${JSON.stringify(origin)}`);
    originAt.set(id, originRanges.length / 2);
    originRanges.push(start, bytes);
  }
  put('},"acks":[');
  const acksOf = new Map<string, number[]>(); // origin id → the places of its acknowledgments among "acks"
  const ackRanges: number[] = [];
  ledger.acks.forEach((ack, k) => {
    if (k > 0) put(',');
    const start = bytes;
    put(JSON.stringify(ack) ?? 'null');
    ackRanges.push(start, bytes);
    const list = acksOf.get(ack?.origin);
    if (list) list.push(k);
    else acksOf.set(ack?.origin, [k]);
  });
  put(']}');
  const text = parts.join('');

  try {
    validateLedger(ledger);
  } catch (error) {
    if (error instanceof LedgerFormatError) return { text, index: undefined };
    throw error;
  }
  const lines = [`${MAGIC} ${INDEX_VERSION} ${bytes} ${sha256(text)} ${entries.size} ${NO_STAMP}`];
  for (const [file, [start, end]] of entries) {
    // Acknowledgments count by origin id even where the origin itself is missing (findAck): all named ids are followed.
    const named = [...new Set(ledger.files[file].regions.map((r) => r.origin))];
    const originRuns = runs(named.flatMap((id) => originAt.get(id) ?? []), originRanges);
    const ackRuns = runs(named.flatMap((id) => acksOf.get(id) ?? []), ackRanges);
    lines.push(`${JSON.stringify(file)}\t${[start, end, originRuns.length / 2, ...originRuns, ...ackRuns].join(' ')}`);
  }
  return { text, index: lines.join('\n') + '\n' };
}

/** The members at `places` (distinct) as runs of consecutive ones: each run's start and end, in the ledger's order. */
function runs(places: number[], ranges: readonly number[]): number[] {
  places.sort((a, b) => a - b);
  const result: number[] = [];
  places.forEach((place, k) => {
    if (k > 0 && place === places[k - 1] + 1) result[result.length - 1] = ranges[2 * place + 1];
    else result.push(ranges[2 * place], ranges[2 * place + 1]);
  });
  return result;
}

/**
 * `index` (as serializeLedgerIndexed made it) with the stamp of the ledger file it was just written to
 * (ledgerStamp.ts), or as it is when no stamp can be made sure; the gate then checks the ledger's hash.
 */
export async function stampedIndex(index: string, ledgerFile: string): Promise<string> {
  const eol = index.indexOf('\n');
  const header = index.slice(0, eol).split(' ');
  const stamp = await settleStamp(ledgerFile, header[3]);
  if (stamp === undefined) return index;
  header[5] = stamp;
  return header.join(' ') + index.slice(eol);
}

interface ParsedIndex {
  /** The ledger's size in bytes and SHA-256 (hex), and its file's stamp when the writer recorded one. */
  bytes: number;
  sha256: string;
  stamp: string | undefined;
  /** Per path as a JSON string, its line's offsets (not yet split: the gate needs only a few). */
  lines: Map<string, string>;
}

/** The index's header and lines, or undefined when it is not an index this Loadbearing reads (or is torn). */
function parseIndex(indexText: string): ParsedIndex | undefined {
  const eol = indexText.indexOf('\n');
  const header = indexText.slice(0, Math.max(eol, 0)).split(' ');
  if (eol < 0 || header.length !== 6 || header[0] !== MAGIC || header[1] !== INDEX_VERSION) return undefined;
  const lines = new Map<string, string>();
  for (let pos = eol + 1; pos < indexText.length; ) {
    const end = indexText.indexOf('\n', pos);
    const tab = indexText.indexOf('\t', pos);
    if (end < 0 || tab < 0 || tab > end) return undefined;
    lines.set(indexText.slice(pos, tab), indexText.slice(tab + 1, end));
    pos = end + 1;
  }
  if (lines.size !== Number(header[4])) return undefined;
  return { bytes: Number(header[2]), sha256: header[3], stamp: header[5] === NO_STAMP ? undefined : header[5], lines };
}

/** The index does not describe these bytes: the reader parses the ledger whole. */
class StaleIndex extends Error {}

/** Where the indexed bytes are read from: `readInto` copies each [start, end) of `ranges` to `into` at `at[k]`; throws StaleIndex. */
interface LedgerBytes {
  readonly size: number;
  readInto(ranges: readonly number[], into: Buffer, at: readonly number[]): void;
}

/**
 * The selection of the ledger `bytes` through `indexText`, or undefined when the index is not the one of exactly these
 * bytes. Should a slice not check (it cannot, short of a hash collision), `select` parses the whole ledger instead.
 */
export function indexedSelection(bytes: Buffer, indexText: string): LedgerSelection | undefined {
  const index = parseIndex(indexText);
  if (index === undefined || index.bytes !== bytes.length || index.sha256 !== sha256(bytes)) return undefined;
  const source: LedgerBytes = {
    size: bytes.length,
    readInto(ranges, into, at) {
      for (let k = 0; k < ranges.length; k += 2) bytes.copy(into, at[k / 2], ranges[k], ranges[k + 1]);
    },
  };
  return selectionThrough(index, source, () => parseLedger(bytes.toString('utf8')));
}

/**
 * The selection of the ledger file through the index `indexText` when the index's stamp is the file's (ledgerStamp.ts):
 * only the slices asked for are read. Undefined when it is not (no stamp, another file, a change since): the caller
 * reads the bytes and tries `indexedSelection`, or parses them whole. A file that changes after this (seen by the
 * stamp checks around the reads in `select`) is parsed whole then, with the same strict validation.
 */
export function stampedSelection(ledgerFile: string, indexText: string): LedgerSelection | undefined {
  const index = parseIndex(indexText);
  if (index?.stamp === undefined) return undefined;
  const stat = fs.statSync(ledgerFile, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined || stampOf(stat) !== index.stamp || Number(stat.size) !== index.bytes) return undefined;
  const stamp = index.stamp;
  const source: LedgerBytes = {
    size: index.bytes,
    readInto(ranges, into, at) {
      const fd = fs.openSync(ledgerFile, 'r');
      try {
        if (stampOf(fs.fstatSync(fd, { bigint: true })) !== stamp) throw new StaleIndex();
        for (let k = 0; k < ranges.length; k += 2) {
          for (let pos = ranges[k], to = at[k / 2]; pos < ranges[k + 1]; ) {
            const n = fs.readSync(fd, into, to, ranges[k + 1] - pos, pos);
            if (n === 0) throw new StaleIndex();
            pos += n;
            to += n;
          }
        }
        // Changed in place while being read (no Loadbearing writer does that): what was read may be torn.
        if (stampOf(fs.fstatSync(fd, { bigint: true })) !== stamp) throw new StaleIndex();
      } finally {
        fs.closeSync(fd);
      }
    },
  };
  return selectionThrough(index, source, () => parseLedgerFile(ledgerFile));
}

function parseLedgerFile(file: string): Ledger {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw error;
  }
  return parseLedger(bytes.toString('utf8'));
}

function selectionThrough(index: ParsedIndex, source: LedgerBytes, whole: () => Ledger): LedgerSelection {
  const { lines } = index;
  return {
    fileCount: lines.size,
    has: (path) => lines.has(JSON.stringify(path)),
    select(paths) {
      try {
        return selectThroughIndex(source, lines, paths);
      } catch (error) {
        if (!(error instanceof StaleIndex || error instanceof SyntaxError || error instanceof LedgerFormatError)) throw error;
        return whole();
      }
    },
  };
}

function selectThroughIndex(source: LedgerBytes, lines: ReadonlyMap<string, string>, paths: readonly string[]): Ledger {
  const chosen = new Set<string>();
  const entries: number[] = [];
  const origins: number[] = [];
  const acks: number[] = [];
  for (const path of paths) {
    const line = chosen.has(path) ? undefined : lines.get(JSON.stringify(path));
    if (line === undefined) continue;
    chosen.add(path);
    const offsets = line.split(' ').map(Number);
    const originRuns = offsets[2];
    const wellFormed = Number.isInteger(originRuns) && originRuns >= 0 && offsets.length >= 3 + 2 * originRuns && offsets.length % 2 === 1;
    if (!wellFormed) throw new StaleIndex();
    entries.push(offsets[0], offsets[1]);
    for (let k = 3; k < 3 + 2 * originRuns; k++) origins.push(offsets[k]);
    for (let k = 3 + 2 * originRuns; k < offsets.length; k++) acks.push(offsets[k]);
  }
  // One JSON text of the selected ledger: each part's ranges in the ledger's order, overlaps (an origin two files
  // name) merged, joined with commas as their members are in the ledger; then one read and one parse.
  const parts = [entries, origins, acks].map((ranges) => ordered(ranges, source.size));
  const frame = [`{"version":${LEDGER_VERSION},"files":{`, '},"origins":{', '},"acks":[', ']}'].map((text) => Buffer.from(text));
  let size = 0;
  for (let p = 0; p < 3; p++) {
    size += frame[p].length + Math.max(parts[p].length / 2 - 1, 0);
    for (let k = 0; k < parts[p].length; k += 2) size += parts[p][k + 1] - parts[p][k];
  }
  const json = Buffer.allocUnsafe(size + frame[3].length);
  const ranges: number[] = [];
  const at: number[] = [];
  let to = 0;
  for (let p = 0; p < 3; p++) {
    to += frame[p].copy(json, to);
    for (let k = 0; k < parts[p].length; k += 2) {
      if (k > 0) json[to++] = 0x2c; // ,
      ranges.push(parts[p][k], parts[p][k + 1]);
      at.push(to);
      to += parts[p][k + 1] - parts[p][k];
    }
  }
  frame[3].copy(json, to);
  source.readInto(ranges, json, at);
  const ledger = validateLedger(JSON.parse(json.toString('utf8')));

  // What was parsed is what was asked for: the chosen files, and only origins and acknowledgments their regions name.
  const files = Object.keys(ledger.files);
  if (files.length !== chosen.size || !files.every((file) => chosen.has(file))) throw new StaleIndex();
  const named = new Set<string>();
  for (const file of files) for (const region of ledger.files[file].regions) named.add(region.origin);
  for (const id in ledger.origins) if (!named.has(id)) throw new StaleIndex();
  for (const ack of ledger.acks) if (!named.has(ack.origin)) throw new StaleIndex();
  return ledger;
}

/** `ranges` (start, end pairs) sorted, overlapping and adjacent ones merged; each within the ledger's `size`, or StaleIndex. */
function ordered(ranges: number[], size: number): number[] {
  const order = Array.from({ length: ranges.length / 2 }, (_, k) => 2 * k).sort((a, b) => ranges[a] - ranges[b]);
  const result: number[] = [];
  for (const k of order) {
    const [start, end] = [ranges[k], ranges[k + 1]];
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= size)) throw new StaleIndex();
    // Overlapping (an origin two files name) or next to each other (a comma between): one range, read at once.
    if (result.length > 0 && start <= result[result.length - 1] + 1) result[result.length - 1] = Math.max(result[result.length - 1], end);
    else result.push(start, end);
  }
  return result;
}
