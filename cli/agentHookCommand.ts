// `loadbearing agent-hook [--agent claude|codex|cursor|copilot]`: one hook event of a coding agent on stdin. Before a
// tool runs: a checkpoint of what it may change, and the pre-edit gate's answer in the agent's format on stdout. After
// it: the lines it inserted or replaced, recorded as the agent's. Exit 0 with an answer; 2 when the input is unreadable;
// 1 on an internal failure (every agent treats 1 as a non-blocking hook error, so a bug here never stops the agent).
import * as path from 'node:path';
import { AGENT_NAMES, AgentEvent, AgentName, AgentPayloadError, readAgentEvent } from '../core/agents/agentEvent';
import { formatDecision } from '../core/agents/agentOutput';
import { CheckpointStore, FileBefore, readFileBefore, shortHash } from '../core/agents/checkpoint';
import { decodeFileText, isBinaryContent } from '../core/tracking/fileText';
import { textHash } from '../core/ledger/ledger';
import { parseCommandArgs, rejectExtraPositionals, stringValue } from './args';
import { gateDecision } from './agentGate';
import { recordFileChange } from './agentRecord';
import { takeTreeCheckpoint, treeChanges } from './agentTree';
import { readBlobs } from './git';
import { readStdin } from './stdin';
import { absolutePath, openRepo, RepoContext } from './repoContext';
import { type CliCommand, type CliIo, UsageError } from './command';

/** Larger input is refused (exit 2): no agent sends a hook event this big, and reading it would only cost memory. */
export const MAX_HOOK_INPUT_BYTES = 64 * 1024 * 1024;

export const agentHookCommand: CliCommand = {
  name: 'agent-hook',
  usage: 'agent-hook [--agent claude|codex|cursor|copilot]',
  summary: "Run as a coding agent's hook: gate and record its edits.",
  details: [
    "Reads one hook event (JSON) on stdin, as the agent sends it, and answers on stdout in that agent's format.",
    'Before a tool: keeps a checkpoint of the files it may change and answers allow/ask/deny from the @agents rules',
    'of the root .loadbearing. After it: records exactly the lines it inserted or replaced (source agent, certain).',
    'Installed by install-agent-hooks. Exit 0 answered, 2 unreadable input, 1 internal error (never blocks the agent).',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { agent: { type: 'string' } });
    rejectExtraPositionals(parsed);
    const agent = (stringValue(parsed, 'agent') ?? 'claude') as AgentName;
    if (!AGENT_NAMES.includes(agent)) throw new UsageError(`unknown agent '${agent}' (expected ${AGENT_NAMES.join(', ')})`);
    const input = io.input !== undefined ? (Buffer.byteLength(io.input) > MAX_HOOK_INPUT_BYTES ? undefined : io.input) : await readStdin(MAX_HOOK_INPUT_BYTES);
    if (input === undefined) throw new UsageError(`the hook input is larger than ${MAX_HOOK_INPUT_BYTES / 1024 / 1024} MB`);
    let event: AgentEvent;
    try {
      event = readAgentEvent(agent, JSON.parse(input), io.cwd);
    } catch (error) {
      if (error instanceof SyntaxError) throw new UsageError(`the hook input is not valid JSON (${error.message.replace(/\s+/g, ' ').slice(0, 120)})`);
      if (error instanceof AgentPayloadError) throw new UsageError(error.message);
      throw error;
    }
    try {
      const answer = await handle(event, io);
      io.out(JSON.stringify(answer));
      return 0;
    } catch (error) {
      io.err(`loadbearing agent-hook: internal error (the agent continues): ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};

async function handle(event: AgentEvent, io: CliIo): Promise<Record<string, unknown>> {
  if (event.phase === 'other' || event.kind === 'other') return {};
  const cwd = path.resolve(io.cwd, event.cwd);
  let ctx: RepoContext;
  try {
    ctx = openRepo({ ...io, cwd });
  } catch {
    return {}; // not in a repository: nothing Loadbearing governs
  }
  const env = io.env ?? process.env;
  const store = new CheckpointStore(ctx.repo.gitDir);
  const inRepo = repoPaths(ctx, cwd, event.files);
  const wholeTree = event.kind === 'shell' || (event.kind === 'patch' && event.files.length === 0);
  // A file tool naming only paths outside the repository (or in .git): not ours to gate or record.
  if (!wholeTree && inRepo.length === 0) return {};
  const treeKey = `${event.tool}\0${event.agent === 'cursor' ? '' : (event.toolUseId ?? '')}\0${shortHash(event.command ?? '')}`;

  if (event.phase === 'pre') {
    await store.removeStale();
    if (wholeTree) {
      await store.saveTree(event.session, treeKey, await takeTreeCheckpoint(ctx, env));
      return {};
    }
    for (const repoPath of inRepo) await store.saveFile(event.session, repoPath, await readFileBefore(absolutePath(ctx, repoPath)));
    return formatDecision(event, await gateDecision(ctx, inRepo));
  }

  if (wholeTree) {
    const checkpoint = await store.takeTree(event.session, treeKey);
    const note = checkpoint ? undefined : 'no checkpoint from the Pre hook: diffed against the index';
    for (const change of await treeChanges(ctx, checkpoint, env)) {
      if (change.tooLarge) {
        await ctx.store.audit({ type: 'attribution', path: change.path, source: 'agent', skipped: 'file too large to diff', agent: event.agent, tool: event.tool, session: event.session });
        continue;
      }
      await record(ctx, store, event, change.path, change.before, change.after, note);
    }
    return {};
  }
  for (const repoPath of inRepo) {
    const current = await readFileBefore(absolutePath(ctx, repoPath));
    const after = textOf(current);
    let kept = await store.takeFile(event.session, repoPath);
    let note: string | undefined;
    if (!kept) {
      // Another hook of the same edit (VS Code runs both .claude and .github hooks) already recorded it.
      if (await store.isDone(event.session, repoPath, textHash(after ?? ''))) continue;
      note = 'no checkpoint from the Pre hook: diffed against the index (else HEAD)';
      const blobs = await readBlobs(ctx.repo.root, [`:${repoPath}`, `HEAD:${repoPath}`], env, decodeFileText).catch(() => new Map<string, string | undefined>());
      const indexed = blobs.get(`:${repoPath}`) ?? blobs.get(`HEAD:${repoPath}`);
      kept = indexed === undefined ? { exists: false } : { exists: true, bytes: Buffer.from(indexed, 'utf8') };
    }
    if (kept.tooLarge || current.tooLarge) {
      await ctx.store.audit({ type: 'attribution', path: repoPath, source: 'agent', skipped: 'file too large to diff', agent: event.agent, tool: event.tool, session: event.session });
      continue;
    }
    await record(ctx, store, event, repoPath, textOf(kept), after, note);
  }
  return {};
}

async function record(
  ctx: RepoContext,
  store: CheckpointStore,
  event: AgentEvent,
  repoPath: string,
  before: string | undefined,
  after: string | undefined,
  note: string | undefined,
): Promise<void> {
  // Binary content has no lines to review; its change is left to the commit's own diff.
  if (after !== undefined && isBinaryContent(Buffer.from(after.slice(0, 8000), 'latin1'))) return;
  await recordFileChange(ctx, event, repoPath, before, after, note);
  await store.markDone(event.session, repoPath, textHash(after ?? ''));
}

function textOf(file: FileBefore): string | undefined {
  return file.exists && file.bytes ? decodeFileText(file.bytes) : file.exists ? '' : undefined;
}

/** Named paths inside the work tree (not in .git), repository-relative; others are dropped. */
function repoPaths(ctx: RepoContext, cwd: string, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    if (file.includes('\0')) continue;
    const rel = path.relative(ctx.repo.root, path.resolve(cwd, file));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const repoPath = rel.split(path.sep).join('/');
    if (repoPath === '.git' || repoPath.startsWith('.git/')) continue;
    out.push(repoPath);
  }
  return [...new Set(out)];
}
