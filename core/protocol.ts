// Every custom request and notification between the extension (client) and the language server.
// One namespace per message with a literal method name, so both sides share the exact type.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-protocol';
import type { AiSource, Confidence, ReviewEvidence, Reviewer } from './ledger/ledger';
import type { VerifyProblem } from './git/verifyReport';
import type { ReportData } from './report/reportModel';
import type { AgentInstallResult } from './agents/agentConfig';
import type { AgentName } from './agents/agentEvent';
import type { Tier } from './tier';

export interface ServerInfo {
  name: 'loadbearing';
  version: string;
  pid: number;
  startedAt: string;
  node: string;
}

/** Client → server: who is running, for the status command and the install test. */
export namespace ServerInfoRequest {
  export const method = 'loadbearing/serverInfo' as const;
  export const type = new RequestType0<ServerInfo, void>(method);
}

export type { AiSource, Confidence, ReviewEvidence, Reviewer, SeenEvidence } from './ledger/ledger';

/**
 * Client → server: the change that makes document `uri` reach `version` was put there by an AI.
 * Sent before that change's didChange (client middleware), but the server also accepts it late.
 */
export interface AttributeParams {
  uri: string;
  version: number;
  source: AiSource;
  confidence: Confidence;
  tool?: string;
}
export namespace AttributeNotification {
  export const method = 'loadbearing/attribute' as const;
  export const type = new NotificationType<AttributeParams>(method);
}

/** Client → server: the user marks ranges as AI-written (`loadbearing.markSelection`). */
export interface MarkParams {
  uri: string;
  ranges: Range[];
  source: AiSource;
}
export namespace MarkRequest {
  export const method = 'loadbearing/mark' as const;
  export const type = new RequestType<MarkParams, number, void>(method);
}

/** Identifies one region of one document: its origin and where it is now. */
export interface RegionRef {
  uri: string;
  origin: string;
  range: Range;
}

/** Client → server: a wrong attribution; the regions overlapping `range` (or with `origin`) stop being AI. */
export interface UnmarkParams {
  uri: string;
  range?: Range;
  origin?: string;
}
export namespace UnmarkRequest {
  export const method = 'loadbearing/unmark' as const;
  export const type = new RequestType<UnmarkParams, number, void>(method);
}

/** Client → server: acknowledge these regions; resolves only once the acknowledgment is on disk. */
export interface ReviewParams {
  regions: RegionRef[];
  /** Per region (same index), what shows it was read (on screen long enough, or a reason); null where there is none. */
  evidence?: (ReviewEvidence | null)[];
}
export interface ReviewResult {
  reviewed: number;
  reviewer: Reviewer;
}
export namespace ReviewRequest {
  export const method = 'loadbearing/review' as const;
  export const type = new RequestType<ReviewParams, ReviewResult, void>(method);
}

/** A region as the client shows it. Lines are 0-based. */
export interface RegionInfo {
  origin: string;
  range: Range;
  source: AiSource;
  confidence: Confidence;
  time: string;
  tool?: string;
  tier: Tier | null;
  /** `.loadbearing:LINE` that decided the tier, 1-based line. */
  tierRule?: string;
  reviewed: boolean;
  reviewer?: Reviewer;
  reviewedAt?: string;
}

/** Server → client: the regions of an open document changed (after every change that moves them). */
export interface RegionsParams {
  uri: string;
  version: number;
  regions: RegionInfo[];
  /** Repository-relative path (`/`-separated), when the document is a file in a repository: the review queue's label. */
  path?: string;
}
export namespace RegionsNotification {
  export const method = 'loadbearing/regions' as const;
  export const type = new NotificationType<RegionsParams>(method);
}

/** One entry of the review queue: a region of any file of the repository, open or not. */
export interface QueueEntry extends RegionInfo {
  uri: string;
  path: string;
}
export interface QueueResult {
  entries: QueueEntry[];
  /** Set when a ledger was corrupted and moved aside: shown to the user once. */
  problems: string[];
}
export namespace QueueRequest {
  export const method = 'loadbearing/queue' as const;
  export const type = new RequestType<{ includeReviewed?: boolean }, QueueResult, void>(method);
}

/** Client → server: what the AI inserted in a region, and the text it replaced, for the diff view. */
export interface RegionDiffResult {
  path: string;
  before: string;
  after: string;
  source: AiSource;
  time: string;
}
export namespace RegionDiffRequest {
  export const method = 'loadbearing/regionDiff' as const;
  export const type = new RequestType<{ uri: string; origin: string }, RegionDiffResult | null, void>(method);
}

/** Server → client: something the user must know once (a corrupted ledger moved aside, a ledger write failure). */
export interface ProblemParams {
  message: string;
  detail?: string;
}
export namespace ProblemNotification {
  export const method = 'loadbearing/problem' as const;
  export const type = new NotificationType<ProblemParams>(method);
}

/** Client → server: files or folders were renamed, moved or deleted in VS Code; their regions follow or go. */
export interface FilesChangedParams {
  renamed: { oldUri: string; newUri: string }[];
  deleted: string[];
}
export namespace FilesChangedNotification {
  export const method = 'loadbearing/filesChanged' as const;
  export const type = new NotificationType<FilesChangedParams>(method);
}

/**
 * Client → server, right after a document's didOpen: the text that changes made before the server synced it (while
 * it was starting) put there, per version, as offsets in the opened text. Attributions naming those versions, sent
 * after it, label that text as they would a change the server saw.
 */
export interface ChangesBeforeSyncParams {
  uri: string;
  /** The version of the opened text the offsets are in. */
  version: number;
  spans: { version: number; start: number; end: number }[];
}
export namespace ChangesBeforeSyncNotification {
  export const method = 'loadbearing/changesBeforeSync' as const;
  export const type = new NotificationType<ChangesBeforeSyncParams>(method);
}

/**
 * Server → client: the regions of files that are not open may have changed (another window or the CLI wrote the
 * ledger, files were moved): the review queue asks again. Open files' changes come as regions notifications.
 */
export namespace QueueChangedNotification {
  export const method = 'loadbearing/queueChanged' as const;
  export const type = new NotificationType<Record<string, never>>(method);
}

/**
 * Client → server: the report of the repository holding `uri` (`loadbearing.showReport`), computed by core/report
 * exactly as `loadbearing report --json` computes it. `readHistory` is false in Restricted Mode: no git runs then.
 */
export interface ReportParams {
  uri: string;
  range?: string[];
  readHistory: boolean;
}
export type ReportResult = { data: ReportData; root: string } | { error: string };
export namespace ReportRequest {
  export const method = 'loadbearing/report' as const;
  export const type = new RequestType<ReportParams, ReportResult, void>(method);
}

/**
 * What the client adds to the server process's environment (and the benchmark, to measure what users run).
 * MALLOC_MMAP_THRESHOLD_ (glibc; ignored elsewhere): with the threshold left to grow, the burst of reading a large
 * ledger and answering the whole queue stayed resident for the server's life (100,000 regions after one ledger write:
 * 143 MB settled against 107 MB with it; server/serverLedgerStore.ts). A value the user set wins.
 */
export function serverProcessEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.MALLOC_MMAP_THRESHOLD_ ? {} : { MALLOC_MMAP_THRESHOLD_: '131072' };
}

/**
 * Client → server, at initialize (`initializationOptions`): whether the workspace is trusted. Until it is (here, or
 * by TrustGrantedNotification later) the server runs no program at all: no git, no CLI.
 */
export interface InitializationOptions {
  trusted?: boolean;
}

/** Client → server: the user trusted the workspace (Restricted Mode ended); the server may now run git and the CLI. */
export namespace TrustGrantedNotification {
  export const method = 'loadbearing/trustGranted' as const;
  export const type = new NotificationType<Record<string, never>>(method);
}

/** Server → client: the gate (`loadbearing check`, run by the pre-commit hook) refused a commit in repository `root`. */
export interface GateRefusedParams {
  root: string;
  /** How many regions blocked it. */
  blocking: number;
  /** Why it refused without counting regions, for the user (a corrupted ledger, in describeCorruptLedger's words). */
  reason?: string;
}
export namespace GateRefusedNotification {
  export const method = 'loadbearing/gateRefused' as const;
  export const type = new NotificationType<GateRefusedParams>(method);
}

/** Server → client: commit `commit` just went through with unreviewed AI code (the hook bypassed with --no-verify). */
export interface CommitUnreviewedParams {
  root: string;
  commit: string;
  /** Regions of the commit's note without an acknowledgment. */
  unreviewed: number;
}
export namespace CommitUnreviewedNotification {
  export const method = 'loadbearing/commitUnreviewed' as const;
  export const type = new NotificationType<CommitUnreviewedParams>(method);
}

/** A recent commit holding unreviewed AI code in gated files, as `loadbearing verify --json` reports it. */
export interface UnreviewedCommit {
  commit: string;
  subject: string;
  /** Only the `unacknowledged` problems. */
  problems: VerifyProblem[];
}
export interface UnreviewedCommitsParams {
  /** The repository's root folder. */
  root: string;
  commits: UnreviewedCommit[];
}
/**
 * Server → client: recent commits of a repository hold unreviewed AI code (committed with --no-verify or without the
 * gate). Sent once the server may run programs (trusted), and only for repositories where there are some.
 */
export namespace UnreviewedCommitsNotification {
  export const method = 'loadbearing/unreviewedCommits' as const;
  export const type = new NotificationType<UnreviewedCommitsParams>(method);
}
/** Client → server: the same, looked up now in every repository (the command); nothing while untrusted. */
export namespace UnreviewedCommitsRequest {
  export const method = 'loadbearing/findUnreviewedCommits' as const;
  export const type = new RequestType<Record<string, never>, UnreviewedCommitsParams[], void>(method);
}

/**
 * Server → client: the review-queue entries of these files, which are not open (a file was closed, or another
 * process changed its regions or reviews). Each listed uri's entries replace the client's; an empty list clears it.
 * Open files' entries come as regions notifications; the whole queue is asked for only on start and big changes.
 */
export interface QueueFilesParams {
  files: { uri: string; entries: QueueEntry[] }[];
}
export namespace QueueFilesNotification {
  export const method = 'loadbearing/queueFiles' as const;
  export const type = new NotificationType<QueueFilesParams>(method);
}

/**
 * Client → server: merge Loadbearing's hooks into these agents' config files in these repositories (the command runs
 * it; trusted workspaces only). The server writes the backups `uninstall-agent-hooks` restores from, under
 * `<git dir>/loadbearing/agent-hooks`: in VS Code only the server writes there.
 */
export interface InstallAgentHooksParams {
  /** Work-tree roots of the repositories. */
  roots: string[];
  agents: AgentName[];
  /** The bundled CLI and the runtime that runs it, recorded in the hook command. */
  cliPath: string;
  runtime: { path: string; electron: boolean };
}
export namespace InstallAgentHooksRequest {
  export const method = 'loadbearing/installAgentHooks' as const;
  export const type = new RequestType<InstallAgentHooksParams, AgentInstallResult[], void>(method);
}
