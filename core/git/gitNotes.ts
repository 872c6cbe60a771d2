// The record a commit keeps of its AI code: a JSON git note on refs/notes/loadbearing, written after each commit, read by `verify`.
import { isObject, parseJson } from '../json';
import type { Acknowledgment, Ledger, ReviewEvidence, Reviewer } from '../ledger/ledger';
import { regionLineHashes, textLines } from './noteLines';
import { sanitizeEvidence } from '../review/reviewEvidence';
import { isTrivial, RegionView } from '../ledger/regionView';

export const NOTES_REF = 'refs/notes/loadbearing';
/** The `--ref` argument of `git notes` for NOTES_REF. */
export const NOTES_REF_SHORT = 'loadbearing';
export const NOTE_VERSION = 1;

export interface NoteRegion {
  /** 1-based, inclusive, in the committed file. */
  startLine: number;
  endLine: number;
  source: string;
  confidence: string;
  origin: string;
  /** When the AI wrote it. */
  time: string | null;
  tool?: string;
  /** For agent hooks: the model and session that wrote it. */
  model?: string;
  session?: string;
  ack: NoteAck | null;
  /** A short hash of each line (core/noteLines.ts lineHash), so `verify` can find these lines after a squash merge. */
  lineHashes?: string[];
}

/** Who acknowledged a region, when, and (when recorded) what shows it was read. */
export interface NoteAck {
  reviewer: Reviewer;
  time: string;
  evidence?: ReviewEvidence;
}

export interface NoteFile {
  path: string;
  /** The tier at commit time, from the work tree's policy (informational: `verify` decides from the commit's own policy). */
  tier: string | null;
  regions: NoteRegion[];
}

export interface CommitNote {
  loadbearing: typeof NOTE_VERSION;
  files: NoteFile[];
}

export class NoteFormatError extends Error {}

/** The note entry of one committed file: its non-trivial regions (views over the committed text `text`, when given). */
export function noteFile(ledger: Pick<Ledger, 'origins'>, path: string, tier: string | null, views: readonly RegionView[], text?: string): NoteFile {
  const lines = text === undefined ? undefined : textLines(text);
  return {
    path,
    tier,
    regions: views
      .filter((v) => !isTrivial(v))
      .map((v) => ({
        startLine: v.startLine + 1,
        endLine: v.endLine + 1,
        source: v.origin?.source ?? 'unknown',
        confidence: v.origin?.confidence ?? 'likely',
        origin: v.region.origin,
        time: ledger.origins[v.region.origin]?.time ?? null,
        ...(v.origin?.tool ? { tool: v.origin.tool } : {}),
        ...(v.origin?.model ? { model: v.origin.model } : {}),
        ...(v.origin?.session ? { session: v.origin.session } : {}),
        ack: v.ack ? ackRecord(v.ack) : null,
        ...(lines ? { lineHashes: regionLineHashes(lines, v.startLine + 1, v.endLine + 1) } : {}),
      })),
  };
}

function ackRecord(ack: Acknowledgment): NoteAck {
  const evidence = sanitizeEvidence(ack.evidence);
  return { reviewer: { name: ack.reviewer.name, email: ack.reviewer.email }, time: ack.time, ...(evidence ? { evidence } : {}) };
}

export function serializeNote(note: CommitNote): string {
  return JSON.stringify(note, null, 2) + '\n';
}

/** Parses a note; throws NoteFormatError naming what is wrong (a hand-edited or foreign note must not pass `verify`). */
export function parseNote(text: string): CommitNote {
  const data = parseJson(text, (message) => new NoteFormatError(message));
  if (!isObject(data) || data.loadbearing !== NOTE_VERSION || !Array.isArray(data.files)) {
    throw new NoteFormatError(`not a Loadbearing note of version ${NOTE_VERSION}`);
  }
  for (const file of data.files as unknown[]) {
    if (!isObject(file) || typeof file.path !== 'string' || !Array.isArray(file.regions)) throw new NoteFormatError('a file entry is malformed');
    for (const r of file.regions as unknown[]) {
      if (!isObject(r) || !Number.isInteger(r.startLine) || !Number.isInteger(r.endLine) || typeof r.source !== 'string') {
        throw new NoteFormatError(`a region of ${file.path} is malformed`);
      }
      if (r.ack !== null && !(isObject(r.ack) && isObject(r.ack.reviewer) && typeof r.ack.time === 'string')) {
        throw new NoteFormatError(`an acknowledgment in ${file.path} is malformed`);
      }
      if (r.lineHashes !== undefined && !(Array.isArray(r.lineHashes) && r.lineHashes.every((h) => typeof h === 'string'))) {
        throw new NoteFormatError(`the line hashes of a region of ${file.path} are malformed`);
      }
    }
  }
  return data as unknown as CommitNote;
}
