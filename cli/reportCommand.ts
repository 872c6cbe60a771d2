// `loadbearing report [--json|--html FILE] [<rev-range>]`: AI share per tier, unreviewed AI code per file, review
// latency, reviews per person, sources and tools, over a range of commits (their notes) and the working tree.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LedgerFormatError } from '../core/ledger/ledger';
import { buildReport } from '../core/report/buildReport';
import { ReportRangeError } from '../core/report/reportHistory';
import { reportHtml } from '../core/report/reportHtml';
import { DEFAULT_DAYS, DEFAULT_MAX_COMMITS, ReportData } from '../core/report/reportModel';
import { reportText } from '../core/report/reportText';
import { parseCommandArgs, stringValue } from './args';
import { gitBuffer } from './git';
import { workTreeTiers } from './policy';
import { openRepo, readLedger } from './repoContext';
import { type CliCommand, UsageError } from './command';

export const reportCommand: CliCommand = {
  name: 'report',
  usage: 'report [--json|--html FILE] [<rev-range>]',
  summary: 'How much AI code, where, how fast it is reviewed and by whom.',
  details: [
    "Over the range's non-merge commits (their notes on refs/notes/loadbearing and the lines they added) and the",
    `working tree: AI share of added lines per tier, unreviewed AI lines per file, time from AI edit to review, reviews`,
    `per person, sources and tools. Default range: HEAD's commits of the last ${DEFAULT_DAYS} days, at most ${DEFAULT_MAX_COMMITS}.`,
    'Tiers come from the work tree\'s policy. Without options prints tables; --json the data; --html FILE writes a',
    'self-contained page with charts (no script, no remote content). In VS Code: "Loadbearing: Show Report".',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, html: { type: 'string' } });
    const html = stringValue(parsed, 'html');
    if (parsed.values.json === true && html !== undefined) throw new UsageError('give --json or --html, not both');
    if (html === '') throw new UsageError('--html needs a file name');
    const ctx = openRepo(io);
    const ledger = await readLedger(ctx);
    if ('problem' in ledger) {
      for (const line of ledger.problem) io.err(line);
      return 2;
    }
    const env = io.env ?? process.env;
    let data: ReportData;
    try {
      data = await buildReport({
        repo: ctx.repo,
        range: parsed.positionals,
        run: (gitArgs, input) => gitBuffer(ctx.repo.root, gitArgs, { env, input }),
        tierOf: workTreeTiers(ctx.repo.root),
      });
    } catch (error) {
      if (error instanceof ReportRangeError || error instanceof LedgerFormatError) throw new UsageError(error.message);
      throw error;
    }
    if (parsed.values.json === true) {
      io.out(JSON.stringify(data, null, 2));
    } else if (html !== undefined) {
      const file = path.resolve(io.cwd, html);
      try {
        await fs.promises.writeFile(file, reportHtml(data, randomBytes(18).toString('base64')));
      } catch (error) {
        throw new UsageError(`cannot write ${html}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      io.err(`Loadbearing: report written to ${file}`);
    } else {
      io.out(reportText(data));
    }
    return 0;
  },
};
