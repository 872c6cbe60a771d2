// Reads a revision range for the report: its commits, the lines each added per path, and their Loadbearing notes.
// Only git plumbing runs (rev-list, diff-tree, notes list, cat-file): none of them runs a textconv, an external diff,
// a pager or gpg, whatever the repository's configuration says. The git process is injected (CLI and server each
// bring theirs), so this file only builds arguments and parses output.
import { CommitNote, NOTES_REF_SHORT, NoteFormatError, parseNote } from '../git/gitNotes';
import { CommitRecord, DEFAULT_DAYS, DEFAULT_MAX_COMMITS, ReportRegion, ReportTier } from './reportModel';

/** Runs git in the repository with `args` (and `input` on stdin); rejects on a non-zero exit. */
export type RunGit = (args: string[], input?: string) => Promise<Buffer>;

export class ReportRangeError extends Error {}

export interface History {
  spec: string;
  commits: CommitRecord[];
  /** The AI regions of the range's notes. */
  regions: ReportRegion[];
}

/**
 * The commits of `range` (as git rev-list takes it), or by default those of HEAD from the last DEFAULT_DAYS days,
 * at most DEFAULT_MAX_COMMITS. Merges are left out: their changes were counted in the commits they merge.
 */
export async function readHistory(run: RunGit, range: string[], tierOf: (path: string) => ReportTier, now: Date): Promise<History> {
  const since = new Date(now.getTime() - DEFAULT_DAYS * 86_400_000).toISOString();
  const spec = range.length > 0 ? range.join(' ') : `HEAD, last ${DEFAULT_DAYS} days, at most ${DEFAULT_MAX_COMMITS} commits`;
  // Revisions only: an argument that git would read as an option (`--output=…`) is refused, whoever sent it.
  const option = range.find((r) => r.startsWith('-'));
  if (option !== undefined) throw new ReportRangeError(`bad revision range: '${option}' is not a revision`);
  const selection = range.length > 0 ? [...range] : [`--max-count=${DEFAULT_MAX_COMMITS}`, `--since=${since}`, 'HEAD'];
  let listed: string;
  try {
    listed = (await run(['rev-list', '--no-merges', '--format=%H%x09%cI%x09%an <%ae>%x09%s', ...selection, '--'])).toString('utf8');
  } catch (error) {
    // A repository without commits has no history to report; a bad range given by the user is their error to see.
    if (range.length === 0) return { spec, commits: [], regions: [] };
    throw new ReportRangeError(`bad revision range ${spec}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const commits: CommitRecord[] = [];
  for (const line of listed.split('\n')) {
    if (line === '' || line.startsWith('commit ')) continue;
    const [commit, time, author, ...subject] = line.split('\t');
    commits.push({ commit, time, author, subject: subject.join('\t'), added: [], note: 'missing' });
  }
  if (commits.length === 0) return { spec, commits, regions: [] };

  const byId = new Map(commits.map((c) => [c.commit, c]));
  const stat = (await run(['diff-tree', '--stdin', '-r', '-z', '--numstat', '--no-renames', '--root'], commits.map((c) => c.commit).join('\n') + '\n')).toString('utf8');
  let current: CommitRecord | undefined;
  for (const token of stat.split('\0')) {
    if (/^[0-9a-f]{40,64}$/.test(token)) {
      current = byId.get(token);
      continue;
    }
    const match = /^(\d+|-)\t(\d+|-)\t([^]*)$/.exec(token.replace(/^\n/, ''));
    // Binary files ("-") have no lines to count.
    if (current && match && match[1] !== '-' && Number(match[1]) > 0) current.added.push({ path: match[3], lines: Number(match[1]) });
  }

  const regions: ReportRegion[] = [];
  const notes = await noteBlobs(run, byId);
  const texts = await readBlobs(run, [...notes.values()]);
  for (const [commit, blob] of notes) {
    const record = byId.get(commit)!;
    let note: CommitNote;
    try {
      note = parseNote(texts.get(blob) ?? '');
    } catch (error) {
      if (!(error instanceof NoteFormatError)) throw error;
      record.note = 'invalid';
      continue;
    }
    record.note = 'present';
    for (const file of note.files) {
      for (const r of file.regions) {
        regions.push({
          path: file.path,
          tier: tierOf(file.path),
          lines: r.endLine - r.startLine + 1,
          source: r.source,
          tool: r.tool ?? null,
          time: r.time ?? null,
          reviewer: r.ack ? { name: r.ack.reviewer.name, email: r.ack.reviewer.email } : null,
          reviewedAt: r.ack?.time ?? null,
          commit,
        });
      }
    }
  }
  return { spec, commits, regions };
}

/** Commit → note blob, for the commits of the range that have a note on refs/notes/loadbearing. */
async function noteBlobs(run: RunGit, commits: Map<string, CommitRecord>): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  let out: string;
  try {
    out = (await run(['notes', '--ref', NOTES_REF_SHORT, 'list'])).toString('utf8');
  } catch {
    return map; // no notes ref yet
  }
  for (const line of out.split('\n')) {
    const [blob, commit] = line.trim().split(' ');
    if (blob && commit && commits.has(commit)) map.set(commit, blob);
  }
  return map;
}

/** Blob id → UTF-8 text, with one `git cat-file --batch`; sizes are in bytes, so the output is parsed as bytes. */
async function readBlobs(run: RunGit, ids: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (ids.length === 0) return result;
  const out = await run(['cat-file', '--batch'], ids.join('\n') + '\n');
  let pos = 0;
  for (const id of ids) {
    const eol = out.indexOf(10, pos);
    if (eol < 0) break;
    const match = /^[0-9a-f]+ blob (\d+)$/.exec(out.toString('utf8', pos, eol));
    pos = eol + 1;
    if (!match) continue;
    const size = Number(match[1]);
    result.set(id, out.toString('utf8', pos, pos + size));
    pos += size + 1;
  }
  return result;
}
