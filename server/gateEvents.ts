// What the server tells the client about the commit gate: refusals and bypassing commits, read from the audit log the
// CLI appends to, and recent commits holding unreviewed AI code, looked up only in a trusted workspace (that runs git
// and the CLI; nothing runs in Restricted Mode).
import { Connection } from 'vscode-languageserver';
import { GitRepo } from '../core/git/gitRepo';
import { AuditEvent, describeCorruptLedger, LedgerStore } from '../core/ledger/ledgerStore';
import {
  CommitUnreviewedNotification,
  GateRefusedNotification,
  UnreviewedCommitsNotification,
  UnreviewedCommitsParams,
} from '../core/protocol';
import { ServerLog } from './log';
import { findUnreviewedCommits } from './unreviewedCommits';

export class GateEvents {
  private trusted = false;
  private repos: GitRepo[] = [];

  constructor(
    private readonly connection: Pick<Connection, 'sendNotification'>,
    private readonly log: Pick<ServerLog, 'error'>,
    private readonly cli?: string,
  ) {}

  /** The workspace folders' repositories: where recent commits are looked at. */
  setRepos(repos: GitRepo[]): void {
    const byRoot = new Map(repos.map((r) => [r.root, r]));
    this.repos = [...byRoot.values()];
  }

  /** Whether the client said the workspace is trusted: nothing is run or installed before. */
  get isTrusted(): boolean {
    return this.trusted;
  }

  /** The workspace is trusted (at start, or when the user grants it): look at recent commits now, once. */
  trust(): void {
    if (this.trusted) return;
    this.trusted = true;
    void this.announceRecent();
  }

  /** The CLI refused a commit, or recorded one that carried unreviewed AI code (its hook was bypassed). */
  audit(repo: GitRepo, events: AuditEvent[]): void {
    for (const event of events) {
      if (event.type === 'gate' && event.decision === 'refused') {
        const blocking = Array.isArray(event.blocking) ? event.blocking.length : 0;
        // The audit log names the cause; the user reads it in the one wording every part uses.
        const cause = typeof event.reason === 'string' ? event.reason : undefined;
        const reason = cause === 'ledger-corrupted' ? describeCorruptLedger(new LedgerStore(repo.gitDir).file) : cause;
        void this.connection.sendNotification(GateRefusedNotification.type, { root: repo.root, blocking, ...(reason ? { reason } : {}) });
      }
      if (event.type === 'commit' && typeof event.commit === 'string') {
        const files = Array.isArray(event.files) ? (event.files as { unacknowledged?: unknown }[]) : [];
        const unreviewed = files.reduce((n, f) => n + (typeof f?.unacknowledged === 'number' ? f.unacknowledged : 0), 0);
        if (unreviewed > 0) void this.connection.sendNotification(CommitUnreviewedNotification.type, { root: repo.root, commit: event.commit, unreviewed });
      }
    }
  }

  /** Recent commits with unreviewed AI code in each repository; none while the workspace is not trusted. */
  async find(): Promise<UnreviewedCommitsParams[]> {
    if (!this.trusted) return [];
    const found: UnreviewedCommitsParams[] = [];
    for (const repo of this.repos) {
      try {
        found.push({ root: repo.root, commits: await findUnreviewedCommits(repo, { cli: this.cli, log: this.log }) });
      } catch (error) {
        this.log.error(`looking for unreviewed commits in ${repo.root} failed: ${String(error)}`);
      }
    }
    return found;
  }

  private async announceRecent(): Promise<void> {
    for (const params of await this.find()) {
      if (params.commits.length > 0) void this.connection.sendNotification(UnreviewedCommitsNotification.type, params);
    }
  }
}
