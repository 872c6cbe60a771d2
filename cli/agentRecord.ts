// Records what an agent's tool changed in one file: the lines it inserted or replaced (a line diff of the text before
// against the text after, with the `diff` library) become one origin, source `agent`, confidence `certain`, in the same
// ledger and the same way `loadbearing mark` records. Lines it only removed make no region; a deleted file loses its entry.
import { randomUUID } from 'node:crypto';
import { diffLines } from 'diff';
import type { AgentEvent } from '../core/agents/agentEvent';
import { Origin, textHash } from '../core/ledger/ledger';
import { normalize, Region } from '../core/tracking/regionTracker';
import { regionsForText } from '../core/ledger/regionView';
import { overlay } from './markCommand';
import type { RepoContext } from './repoContext';

/** Kept per origin for "show what the AI inserted", as `mark` and the server cap it. */
const MAX_INSERTED_TEXT = 64 * 1024;
/** A diff that takes longer than this falls back to the changed block between the common first and last lines. */
const DIFF_TIMEOUT_MS = 1500;

export interface RecordedFile {
  path: string;
  /** 1-based inclusive line ranges now attributed to the agent. */
  lines: Array<[number, number]>;
  deleted?: boolean;
}

/** [start, end) offsets of the lines of `after` that `before` does not have (inserted or replaced). */
export function insertedRanges(before: string, after: string): Array<{ start: number; end: number }> {
  const starts = lineOffsets(after);
  const at = (line: number) => (line < starts.length ? starts[line] : after.length);
  const parts = before === '' ? undefined : diffLines(before, after, { ignoreNewlineAtEof: true, timeout: DIFF_TIMEOUT_MS });
  if (before === '') return after === '' ? [] : [{ start: 0, end: after.length }];
  if (!parts) return changedBlock(before, after);
  const out: Array<{ start: number; end: number }> = [];
  let line = 0;
  for (const part of parts) {
    const count = part.count ?? lineOffsets(part.value).length;
    if (part.added) {
      const start = at(line);
      const end = at(line + count);
      if (end > start) out.push({ start, end });
    }
    if (!part.removed) line += count;
  }
  return out;
}

/** The one block between the longest common first and last lines: a superset of the change, used when the diff gives up. */
function changedBlock(before: string, after: string): Array<{ start: number; end: number }> {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const starts = lineOffsets(after);
  const start = head < starts.length ? starts[head] : after.length;
  const endLine = b.length - tail;
  const end = endLine < starts.length ? starts[endLine] : after.length;
  return end > start ? [{ start, end }] : [];
}

/** Start offset of each line, lines ending in `\n` as `diffLines` splits them. */
function lineOffsets(text: string): number[] {
  if (text === '') return [];
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0 && k + 1 < text.length; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return starts;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** Records the change of one file; `before`/`after` undefined mean the file did not exist / no longer exists. */
export async function recordFileChange(
  ctx: RepoContext,
  event: AgentEvent,
  repoPath: string,
  before: string | undefined,
  after: string | undefined,
  note?: string,
): Promise<RecordedFile | undefined> {
  const time = new Date().toISOString();
  const common = { agent: event.agent, tool: event.tool, session: event.session, ...(event.model ? { model: event.model } : {}), ...(note ? { note } : {}) };
  if (after === undefined) {
    const ledger = await ctx.store.readStrict().catch(() => undefined);
    if (ledger?.files[repoPath]) await ctx.store.update({ files: { [repoPath]: null } });
    await ctx.store.audit({ type: 'attribution', path: repoPath, source: 'agent', deleted: true, via: 'agent-hook', ...common });
    return { path: repoPath, lines: [], deleted: true };
  }
  if (before === after) return undefined;
  const ranges = insertedRanges(before ?? '', after).filter((r) => after.slice(r.start, r.end).trim() !== '');
  if (ranges.length === 0) {
    // Only removals (or blank lines): nothing of the agent's is left to review; the ledger's regions follow the text.
    const ledger = await ctx.store.readStrict().catch(() => undefined);
    if (ledger?.files[repoPath]) {
      const regions = regionsForText(ledger, repoPath, after);
      await ctx.store.update({ files: { [repoPath]: { snapshot: after, regions, updated: time } } });
    }
    return { path: repoPath, lines: [] };
  }
  const origin: Origin = {
    id: randomUUID(),
    source: 'agent',
    confidence: 'certain',
    time,
    path: repoPath,
    tool: `${event.agent} ${event.tool}`.trim(),
    ...(event.model ? { model: event.model } : {}),
    session: event.session,
    inserted: ranges.map((r) => after.slice(r.start, r.end)).join('').slice(0, MAX_INSERTED_TEXT),
  };
  const ledger = await ctx.store.readStrict().catch(() => undefined);
  let regions: Region[] = ledger ? [...regionsForText(ledger, repoPath, after)] : [];
  for (const r of ranges) regions = overlay(regions, { origin: origin.id, start: r.start, end: r.end });
  await ctx.store.update({ files: { [repoPath]: { snapshot: after, regions: normalize(regions), updated: time } }, origins: [origin] });
  const lines = ranges.map((r): [number, number] => [lineOf(after, r.start), lineOf(after, Math.max(r.start, r.end - 1))]);
  await ctx.store.audit({
    type: 'attribution',
    origin: origin.id,
    path: repoPath,
    source: 'agent',
    confidence: 'certain',
    lines,
    via: 'agent-hook',
    textHash: textHash(after),
    ...common,
  });
  return { path: repoPath, lines };
}
