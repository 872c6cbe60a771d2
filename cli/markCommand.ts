// `loadbearing mark <path> --lines A-B --source agent`: an external tool (agent hook, script) reports lines it wrote.
import { randomUUID } from 'node:crypto';
import { AI_SOURCES, AiSource, Confidence, Origin } from '../core/ledger/ledger';
import { normalize, Region } from '../core/tracking/regionTracker';
import { regionsForText } from '../core/ledger/regionView';
import { parseCommandArgs, stringValue } from './args';
import { openRepo, repoPathArg } from './repoContext';
import { readWorkText } from './workTree';
import { type CliCommand, UsageError } from './command';

/** Kept per origin for "show what the AI inserted", as the server caps it. */
const MAX_INSERTED_TEXT = 64 * 1024;

export const markCommand: CliCommand = {
  name: 'mark',
  usage: 'mark <path> --lines A-B --source agent [--tool NAME]',
  summary: 'Record lines as AI-written (for agent hooks and scripts).',
  details: [
    'Records lines A to B (1-based, inclusive) of the file as it is on disk now as one AI edit.',
    `--source: ${AI_SOURCES.join(', ')}. --confidence certain|likely (default: certain for agent and manual, else likely).`,
    '--tool names the reporting tool (kept with the attribution).',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, {
      lines: { type: 'string' },
      source: { type: 'string' },
      tool: { type: 'string' },
      confidence: { type: 'string' },
    });
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one path');
    const linesArg = stringValue(parsed, 'lines');
    if (linesArg === undefined) throw new UsageError('--lines A-B is required');
    const source = stringValue(parsed, 'source');
    if (source === undefined) throw new UsageError(`--source is required (${AI_SOURCES.join(', ')})`);
    if (!AI_SOURCES.includes(source as AiSource)) throw new UsageError(`unknown source '${source}' (expected ${AI_SOURCES.join(', ')})`);
    const confidenceArg = stringValue(parsed, 'confidence');
    if (confidenceArg !== undefined && confidenceArg !== 'certain' && confidenceArg !== 'likely') {
      throw new UsageError(`unknown confidence '${confidenceArg}' (expected certain or likely)`);
    }
    const confidence: Confidence = (confidenceArg as Confidence | undefined) ?? (source === 'agent' || source === 'manual' ? 'certain' : 'likely');
    const range = /^(\d+)(?:-(\d+))?$/.exec(linesArg);
    if (!range) throw new UsageError(`--lines must be A-B with 1-based line numbers, not '${linesArg}'`);
    const first = Number(range[1]);
    const last = Number(range[2] ?? range[1]);

    const ctx = openRepo(io);
    const repoPath = repoPathArg(ctx, io, parsed.positionals[0]);
    const text = await readWorkText(ctx, repoPath);
    if (text === undefined) throw new UsageError(`${parsed.positionals[0]} does not exist or is not a file`);
    const starts = lineStarts(text);
    if (first < 1 || last < first) throw new UsageError(`--lines ${linesArg} is not a range A-B with 1 <= A <= B`);
    if (last > starts.length) throw new UsageError(`--lines ${linesArg} is outside the file (it has ${starts.length} line${starts.length === 1 ? '' : 's'})`);

    // Whole lines, their line breaks included, so the region ends on line B.
    const start = starts[first - 1];
    const end = last < starts.length ? starts[last] : text.length;
    const origin: Origin = {
      id: randomUUID(),
      source: source as AiSource,
      confidence,
      time: new Date().toISOString(),
      path: repoPath,
      ...(stringValue(parsed, 'tool') ? { tool: stringValue(parsed, 'tool') } : {}),
      inserted: text.slice(start, end).slice(0, MAX_INSERTED_TEXT),
    };
    const ledger = await ctx.store.readStrict().catch(() => undefined);
    const existing = ledger ? regionsForText(ledger, repoPath, text) : [];
    const regions = overlay(existing, { origin: origin.id, start, end });
    await ctx.store.update({ files: { [repoPath]: { snapshot: text, regions, updated: origin.time } }, origins: [origin] });
    await ctx.store.audit({
      type: 'attribution',
      origin: origin.id,
      path: repoPath,
      source: origin.source,
      confidence,
      tool: origin.tool,
      startLine: first,
      endLine: last,
      via: 'cli',
    });
    io.out(`marked ${repoPath}:${first}-${last} as AI-written (${origin.source}, ${confidence})`);
    return 0;
  },
};

/** Start offset of each line that has content; `\r\n`, `\n` and a lone `\r` end a line, as in VS Code. */
export function lineStarts(text: string): number[] {
  if (text === '') return [];
  const starts = [0];
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 13 && text.charCodeAt(k + 1) === 10) k++;
    if ((c === 10 || c === 13) && k + 1 < text.length) starts.push(k + 1);
  }
  return starts;
}

/** The new region over the existing ones: the text it covers is now this origin's. */
export function overlay(existing: readonly Region[], added: Region): Region[] {
  const out: Region[] = [];
  for (const r of existing) {
    if (r.end <= added.start || r.start >= added.end) out.push(r);
    else {
      if (r.start < added.start) out.push({ origin: r.origin, start: r.start, end: added.start });
      if (r.end > added.end) out.push({ origin: r.origin, start: added.end, end: r.end });
    }
  }
  out.push(added);
  return normalize(out);
}
