// The ledger's regions moved onto the files on disk: what `status` lists and `review` acknowledges.
import * as fs from 'node:fs';
import { decodeFileText } from '../core/tracking/fileText';
import type { Ledger } from '../core/ledger/ledger';
import { isTrivial, regionsForText, RegionView, viewRegions } from '../core/ledger/regionView';
import { absolutePath, RepoContext } from './repoContext';

export interface WorkFile {
  path: string;
  text: string;
  /** Non-trivial regions, in file order. */
  views: RegionView[];
}

/** The file's text on disk, or undefined when it is gone. */
export async function readWorkText(ctx: RepoContext, repoPath: string): Promise<string | undefined> {
  try {
    return decodeFileText(await fs.promises.readFile(absolutePath(ctx, repoPath)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw error;
  }
}

export function workFile(ledger: Ledger, path: string, text: string): WorkFile {
  const views = viewRegions(ledger, regionsForText(ledger, path, text), text).filter((v) => !isTrivial(v));
  return { path, text, views };
}

/** Every ledger file that still exists on disk, with its regions there. */
export async function workFiles(ctx: RepoContext, ledger: Ledger): Promise<WorkFile[]> {
  const out: WorkFile[] = [];
  for (const path of Object.keys(ledger.files).sort()) {
    const text = await readWorkText(ctx, path);
    if (text !== undefined) out.push(workFile(ledger, path, text));
  }
  return out;
}
