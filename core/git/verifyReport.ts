// What `loadbearing verify --json` prints, one shape for the CLI that writes it and the language server and extension
// that read it (the view of unreviewed commits).
import type { NoteAck } from './gitNotes';

export interface UnmatchedRegion {
  commit: string;
  path: string;
  startLine: number;
  endLine: number;
  /** Lines of it not found in this commit. */
  missing: number;
}

export interface VerifyProblem {
  kind: 'no-note' | 'invalid-note' | 'unacknowledged';
  path?: string;
  startLine?: number;
  endLine?: number;
  tier?: string;
  source?: string;
  detail?: string;
  /** For lines found by content: the commit whose note recorded them. */
  fromCommit?: string;
}

export interface VerifyCommit {
  commit: string;
  subject: string;
  /** Paths the commit added or changed that are in a gated tier at that commit. */
  gatedPaths: string[];
  /** matched: no note of its own, but AI lines of other commits' notes were found in its changes (a squash merge). */
  note: 'present' | 'missing' | 'invalid' | 'not-needed' | 'matched';
  problems: VerifyProblem[];
  /** AI regions of other commits only partly found in this one by content (informational, see contentMatch.ts). */
  unmatched?: UnmatchedRegion[];
  /** The acknowledged AI regions in gated paths, with who acknowledged them and the evidence they recorded. */
  acknowledged?: VerifyAcknowledged[];
}

export interface VerifyAcknowledged {
  path: string;
  startLine: number;
  endLine: number;
  tier: string;
  source: string;
  ack: NoteAck;
}

export interface VerifyReport {
  range: string[];
  tiers: string[];
  ok: boolean;
  commits: VerifyCommit[];
}
