// Gathers the report's inputs (working ledger, files on disk, history and notes) and computes it: the one path the
// CLI and the language server both take, so `loadbearing report --json` and the webview never disagree.
import type { GitRepo } from '../git/gitRepo';
import { LedgerStore } from '../ledger/ledgerStore';
import { computeReport } from './computeReport';
import { readHistory, RunGit } from './reportHistory';
import type { ReportData, ReportTier } from './reportModel';
import { workingRegions } from './reportWorking';

export interface BuildReportOptions {
  repo: GitRepo;
  /** Revision range as git rev-list takes it; empty for the default (see readHistory). */
  range: string[];
  /** Runs git; undefined when git must not run (Restricted Mode): the report then covers the working tree only. */
  run: RunGit | undefined;
  tierOf: (path: string) => string | null;
  now?: Date;
}

export async function buildReport(options: BuildReportOptions): Promise<ReportData> {
  const now = options.now ?? new Date();
  const tierOf = (path: string): ReportTier => (options.tierOf(path) as ReportTier | null) ?? 'none';
  // Strict: a corrupted ledger is an error to report, not an empty working tree to show.
  const ledger = await new LedgerStore(options.repo.gitDir).readStrict();
  const working = await workingRegions(options.repo.root, ledger, tierOf);
  const history = options.run
    ? await readHistory(options.run, options.range, tierOf, now)
    : { spec: 'working tree only (history is not read in Restricted Mode)', commits: [], regions: [] };
  return computeReport({
    spec: history.spec,
    commits: history.commits,
    regions: [...history.regions, ...working],
    tierOf,
    historyRead: options.run !== undefined,
    now,
  });
}
