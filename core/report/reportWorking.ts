// The working tree's part of the report: the working ledger's regions moved onto the files as saved on disk,
// read the same way by the CLI and the language server so that the two always agree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFileText } from '../tracking/fileText';
import type { Ledger } from '../ledger/ledger';
import { isTrivial, regionsForText, viewRegions } from '../ledger/regionView';
import type { ReportRegion, ReportTier } from './reportModel';

export async function workingRegions(root: string, ledger: Ledger, tierOf: (path: string) => ReportTier): Promise<ReportRegion[]> {
  const out: ReportRegion[] = [];
  for (const file of Object.keys(ledger.files).sort()) {
    let text: string;
    try {
      text = decodeFileText(await fs.promises.readFile(path.join(root, ...file.split('/'))));
    } catch {
      continue; // deleted since: its regions went with it
    }
    for (const view of viewRegions(ledger, regionsForText(ledger, file, text), text)) {
      if (isTrivial(view)) continue;
      out.push({
        path: file,
        tier: tierOf(file),
        lines: view.endLine - view.startLine + 1,
        source: view.origin?.source ?? 'unknown',
        tool: view.origin?.tool ?? null,
        time: view.origin?.time ?? null,
        reviewer: view.ack ? { name: view.ack.reviewer.name, email: view.ack.reviewer.email } : null,
        reviewedAt: view.ack?.time ?? null,
        commit: null,
      });
    }
  }
  return out;
}
