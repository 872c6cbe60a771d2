// The report request (`loadbearing/report`): the repository's report from core/report, after the ledger writes we
// still hold are on disk, so it reads what `loadbearing report --json` would read at the same moment.
import { runGit } from '../core/git/run';
import { LedgerFormatError } from '../core/ledger/ledger';
import { describeCorruptLedger } from '../core/ledger/ledgerStore';
import type { ReportParams, ReportResult } from '../core/protocol';
import { buildReport } from '../core/report/buildReport';
import { ReportRangeError, RunGit } from '../core/report/reportHistory';
import type { Workspace } from './workspace';

export async function report(ws: Workspace, params: ReportParams, run: (root: string) => RunGit = gitRunner): Promise<ReportResult> {
  const repo = ws.repoOf(params.uri);
  if (!repo) return { error: 'not inside a git repository' };
  await ws.ledgerFor(repo).flush();
  try {
    const data = await buildReport({
      repo,
      range: params.range ?? [],
      run: params.readHistory ? run(repo.root) : undefined,
      tierOf: (path) => ws.tierOf(repo, path).tier,
    });
    return { data, root: repo.root };
  } catch (error) {
    if (error instanceof ReportRangeError) return { error: error.message };
    if (error instanceof LedgerFormatError) return { error: describeCorruptLedger(ws.ledgerFor(repo).store.file, undefined, error.message) };
    throw error;
  }
}

/** git plumbing in the repository, its stdout as bytes (the report's reader never asks for anything else). */
function gitRunner(root: string): RunGit {
  return (args, input) => runGit(args, { cwd: root, input, maxBuffer: 256 * 1024 * 1024 });
}
