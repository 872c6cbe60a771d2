// `verify`, one commit: the AI lines of other commits' notes found by content among the lines it added that its own
// note (if any) does not cover — how a squash merged on a server, which ran no hook, is still checked.
import { decodeFileText } from '../core/tracking/fileText';
import type { CommitNote } from '../core/git/gitNotes';
import { addedLines, Candidate, lineRanges, matchLines } from './contentMatch';
import { readBlobs } from './git';
import type { UnmatchedRegion, VerifyProblem } from '../core/git/verifyReport';

export interface CommitContentMatch {
  /** Some AI line of another note was found. */
  matched: boolean;
  problems: VerifyProblem[];
  unmatched: UnmatchedRegion[];
}

export async function matchCommit(
  root: string,
  commit: string,
  parent: string | undefined,
  tierByPath: ReadonlyMap<string, string>,
  note: CommitNote | undefined,
  candidates: ReadonlyMap<string, Candidate[]>,
  env: NodeJS.ProcessEnv,
): Promise<CommitContentMatch> {
  const out: CommitContentMatch = { matched: false, problems: [], unmatched: [] };
  const paths = [...tierByPath.keys()].filter((p) => (candidates.get(p) ?? []).some((c) => c.commit !== commit) && !p.includes('\n'));
  if (paths.length === 0) return out;
  const specs = paths.flatMap((p) => [`${commit}:${p}`, ...(parent ? [`${parent}:${p}`] : [])]);
  const texts = await readBlobs(root, specs, env, decodeFileText);
  for (const path of paths) {
    const newText = texts.get(`${commit}:${path}`);
    if (newText === undefined) continue;
    const covered = new Set<number>();
    for (const file of note?.files ?? []) {
      if (file.path !== path) continue;
      for (const r of file.regions) for (let n = r.startLine; n <= r.endLine; n++) covered.add(n);
    }
    const eligible = addedLines(parent ? texts.get(`${parent}:${path}`) : undefined, newText).filter((n) => !covered.has(n));
    const match = matchLines(newText, eligible, (candidates.get(path) ?? []).filter((c) => c.commit !== commit));
    if (match.lines.size > 0) out.matched = true;
    const tier = tierByPath.get(path);
    const unacknowledged = [...match.lines].filter(([, m]) => !m.acknowledged).map(([n]) => n);
    for (const range of lineRanges(unacknowledged)) {
      const first = match.lines.get(range.startLine);
      out.problems.push({ kind: 'unacknowledged', path, ...range, tier, source: first?.source, fromCommit: first?.commit });
    }
    if (note === undefined) for (const p of match.partial) out.unmatched.push({ path, ...p });
  }
  return out;
}
