// The ledger's format: what is stored per repository, its version, validation of what is read, and hashing of region text.
import { hashHex } from '../hash';
import { isObject, parseJson } from '../json';
import type { Region } from '../tracking/regionTracker';
import { normalizeWhitespace, WhitespaceMode, whitespaceModeOf } from '../tracking/whitespace';

export const LEDGER_VERSION = 1;

export type AiSource = 'inline-completion' | 'paste' | 'chat' | 'agent' | 'manual';
export type Confidence = 'certain' | 'likely';
export const AI_SOURCES: readonly AiSource[] = ['inline-completion', 'paste', 'chat', 'agent', 'manual'];

/** One AI edit: where its text came from. Regions name it by `id`; several regions can share one origin after splits. */
export interface Origin {
  id: string;
  source: AiSource;
  confidence: Confidence;
  /** ISO time of the insertion. */
  time: string;
  /** Repository-relative path of the file it went into. */
  path: string;
  /** The external tool that reported it (`loadbearing mark --tool`; for agent hooks, the agent and its tool: `claude Edit`). */
  tool?: string;
  /** For agent hooks: the model the agent named, and its session (conversation) id. */
  model?: string;
  session?: string;
  /** The text the AI inserted and the text it replaced, for "show what the AI inserted" (capped in size). */
  inserted?: string;
  replaced?: string;
  /** The git identity of the person whose session produced it (for `verify --require-other-reviewer`); absent in older ledgers. */
  author?: Reviewer;
}

export interface Reviewer {
  name: string;
  email: string;
}

/** "I reviewed this": covers the regions of `origin` whose text still hashes to `textHash`. */
export interface Acknowledgment {
  origin: string;
  textHash: string;
  path: string;
  reviewer: Reviewer;
  time: string;
  /** What shows the region was looked at (see core/reviewEvidence.ts); absent in older ledgers and bulk reviews. */
  evidence?: ReviewEvidence;
}

/**
 * Evidence that an acknowledged region was read: it was on screen (an editor's visible ranges, or printed by
 * `loadbearing review`) for `secondsVisible`, showing `linesSeen` of its lines; or the reviewer gave a one-line reason.
 */
export type ReviewEvidence = SeenEvidence | ReasonEvidence;
export interface SeenEvidence {
  secondsVisible: number;
  linesSeen: number;
  /** Where it was seen. */
  via?: 'editor' | 'terminal';
}
export interface ReasonEvidence {
  reason: string;
}

/** A file's regions, as offsets into `snapshot`: the file's text when they were recorded. Readers re-anchor to their text. */
export interface FileEntry {
  snapshot: string;
  regions: Region[];
  updated: string;
}

export interface Ledger {
  version: typeof LEDGER_VERSION;
  files: Record<string, FileEntry>;
  origins: Record<string, Origin>;
  acks: Acknowledgment[];
}

export function emptyLedger(): Ledger {
  return { version: LEDGER_VERSION, files: {}, origins: {}, acks: [] };
}

export class LedgerFormatError extends Error {}

/** Parses and validates a ledger file; throws LedgerFormatError naming what is wrong. */
export function parseLedger(text: string): Ledger {
  return validateLedger(parseJson(text, (message) => new LedgerFormatError(message)));
}

/** Checks that parsed JSON (or a ledger about to be written) is a valid ledger; throws LedgerFormatError naming what is wrong. */
export function validateLedger(data: unknown): Ledger {
  if (!isObject(data)) throw new LedgerFormatError('not a JSON object');
  if (data.version !== LEDGER_VERSION) {
    throw new LedgerFormatError(`unsupported version ${JSON.stringify(data.version)} (this Loadbearing reads version ${LEDGER_VERSION})`);
  }
  const { files, origins, acks } = data;
  if (!isObject(files) || !isObject(origins) || !Array.isArray(acks)) {
    throw new LedgerFormatError('missing or malformed "files", "origins" or "acks"');
  }
  for (const [file, entry] of Object.entries(files)) {
    if (!isSafeRelativePath(file)) throw new LedgerFormatError(`file path ${JSON.stringify(file)} points outside the repository`);
    if (!isObject(entry) || typeof entry.snapshot !== 'string' || !Array.isArray(entry.regions)) {
      throw new LedgerFormatError(`entry for ${file} is malformed`);
    }
    let last = 0;
    for (const r of entry.regions as unknown[]) {
      if (!isObject(r) || typeof r.origin !== 'string' || !Number.isInteger(r.start) || !Number.isInteger(r.end)) {
        throw new LedgerFormatError(`a region of ${file} is malformed`);
      }
      const start = r.start as number;
      const end = r.end as number;
      if (start < last || end <= start || end > entry.snapshot.length) {
        throw new LedgerFormatError(`a region of ${file} is out of order or outside its text (${start}-${end})`);
      }
      last = end;
    }
  }
  for (const [id, origin] of Object.entries(origins)) {
    if (!isObject(origin) || origin.id !== id || !AI_SOURCES.includes(origin.source as AiSource)) {
      throw new LedgerFormatError(`origin ${JSON.stringify(id)} is malformed`);
    }
  }
  for (const ack of acks as unknown[]) {
    if (!isObject(ack) || typeof ack.origin !== 'string' || typeof ack.textHash !== 'string' || !isObject(ack.reviewer)) {
      throw new LedgerFormatError('an acknowledgment is malformed');
    }
  }
  return data as unknown as Ledger;
}

export function serializeLedger(ledger: Ledger): string {
  return JSON.stringify(ledger);
}

/** Repository-relative, `/`-separated, no `..`, not absolute: the only paths a ledger may name. */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((segment) => segment !== '' && segment !== '..' && segment !== '.');
}

/**
 * Exact hash of a region's text (line endings normalised so that autocrlf checkouts do not void acknowledgments).
 * Acknowledgments recorded before whitespace tolerance carry it with no prefix, and still cover exactly that text.
 */
export function textHash(text: string): string {
  return sha(text.replace(/\r\n?/g, '\n'));
}

const SCHEME_PREFIX: Record<WhitespaceMode, string> = { code: 'w1c:', indent: 'w1i:', text: 'w1t:' };
const PREFIX_MODE = new Map<string, WhitespaceMode>(Object.entries(SCHEME_PREFIX).map(([mode, prefix]) => [prefix, mode as WhitespaceMode]));

/**
 * The hash an acknowledgment records: over the region's text without its insignificant whitespace, as the file's
 * extension decides (whitespace.ts), so a formatter does not void a review but a significant change does. The
 * prefix names the rules, so every reader (server, gate, post-commit note, `verify`) checks it the same way.
 */
export function reviewHash(text: string, path: string): string {
  const mode = whitespaceModeOf(path);
  return SCHEME_PREFIX[mode] + sha(normalizeWhitespace(text, mode));
}

/** `text` hashed the way `stored` was: by its scheme prefix, or exactly when it has none. */
function hashLike(stored: string, text: string): string {
  const mode = PREFIX_MODE.get(stored.slice(0, 4));
  return mode === undefined ? textHash(text) : SCHEME_PREFIX[mode] + sha(normalizeWhitespace(text, mode));
}

function sha(text: string): string {
  return hashHex('sha256', text).slice(0, 32);
}

/** What makes two acknowledgments the same one: its origin and the hash of the text it covers (merges union by it). */
export function ackKey(ack: Pick<Acknowledgment, 'origin' | 'textHash'>): string {
  return `${ack.origin}\0${ack.textHash}`;
}

/** The latest acknowledgment of `origin` that covers its region whose current text is `text`. */
export function findAck(ledger: Pick<Ledger, 'acks'>, origin: string, text: string): Acknowledgment | undefined {
  const { acks } = ledger;
  let index = ackIndex.get(acks);
  // Ack lists are replaced, not edited, when they change; the length check also catches an append in place.
  if (!index || index.length !== acks.length) {
    const byOrigin = new Map<string, Acknowledgment[]>();
    for (const ack of acks) {
      const list = byOrigin.get(ack.origin);
      if (list) list.push(ack);
      else byOrigin.set(ack.origin, [ack]);
    }
    index = { length: acks.length, byOrigin };
    ackIndex.set(acks, index);
  }
  const list = index.byOrigin.get(origin);
  if (!list) return undefined;
  if (list.length === 1) return hashLike(list[0].textHash, text) === list[0].textHash ? list[0] : undefined; // the usual case
  const hashes = new Map<string, string>(); // per scheme: an origin reviewed many times is hashed once per scheme
  for (let k = list.length - 1; k >= 0; k--) {
    const ack = list[k];
    const scheme = PREFIX_MODE.has(ack.textHash.slice(0, 4)) ? ack.textHash.slice(0, 4) : '';
    let hash = hashes.get(scheme);
    if (hash === undefined) {
      hash = hashLike(ack.textHash, text);
      hashes.set(scheme, hash);
    }
    if (hash === ack.textHash) return ack;
  }
  return undefined;
}

/** Per list of acknowledgments, an index by origin: a publish looks up every region of a document. */
const ackIndex = new WeakMap<readonly Acknowledgment[], { length: number; byOrigin: Map<string, Acknowledgment[]> }>();
