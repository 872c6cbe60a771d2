// `loadbearing check --staged`: the commit gate. Decides on the staged blobs only, so partial staging (`git add -p`) works.
import { hashHex, loadHashing } from '../core/hash';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFileText } from '../core/tracking/fileText';
import { decideGate, formatRefusal, StagedFile } from '../core/review/commitGate';
import { gateTiers, parseCommandArgs, rejectExtraPositionals, stringValue } from './args';
import { git, readBlobs, splitNul } from './git';
import { workTreeTiersOf } from './policy';
import { ledgerProblems, openRepo, strictly } from './repoContext';
import { type CliCommand, UsageError } from './command';

export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check --staged [--tiers critical,high]',
  summary: 'Refuse (exit 1) when staged load-bearing files hold unreviewed AI code.',
  details: [
    'Looks at the staged content of files in gated tiers (default critical,high; --tiers or LOADBEARING_GATE_TIERS',
    'override it) and refuses when one holds an AI-written region nobody acknowledged. The pre-commit hook runs this.',
    'Exit 0: nothing to review. Exit 1: refused, or the ledger is corrupted. Exit 2: usage or internal error.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { staged: { type: 'boolean' }, tiers: { type: 'string' } });
    if (parsed.values.staged !== true) throw new UsageError('only the staged content can be checked: pass --staged');
    rejectExtraPositionals(parsed);
    const tiers = gateTiers(stringValue(parsed, 'tiers'), io.env ?? process.env);
    const ctx = openRepo(io);
    const env = io.env ?? process.env;

    // Asking git what is staged overlaps reading the ledger (a second core works while this one parses); without
    // a ledger file there is nothing to check and git is not asked.
    const staged = fs.existsSync(ctx.store.file) ? stagedBlobs(ctx.repo.root, env) : undefined;
    staged?.catch(() => undefined); // awaited below when needed; a refusal for a corrupted ledger does not need it
    if (staged) loadHashing(); // while git runs
    const refuseCorrupted = (problem: string[]): number => {
      for (const line of problem) io.out(line);
      ctx.store.auditSync({ type: 'gate', decision: 'refused', reason: 'ledger-corrupted', tiers });
      return 1;
    };
    const problems = ledgerProblems(ctx);
    // Only the staged files' entries are read and parsed when the ledger's index is the one of its file (its stamp)
    // or of its bytes (core/ledger/ledgerIndex.ts). All synchronous: nothing else to do meanwhile but wait for git.
    const read = problems.length > 0 ? { problem: problems } : await strictly(ctx, () => ({ selection: ctx.store.readSelection() }));
    if ('problem' in read) return refuseCorrupted(read.problem);
    const { selection } = read;

    const files: StagedFile[] = [];
    if (selection.fileCount > 0) {
      const candidates = (await (staged ?? stagedBlobs(ctx.repo.root, env))).filter((s) => selection.has(s.path));
      const tierOf = workTreeTiersOf(ctx.repo.root, candidates.map((s) => s.path));
      const gated = candidates.map((s) => ({ ...s, tier: tierOf(s.path) })).filter((s) => s.tier !== null && tiers.includes(s.tier));
      const blobs = await readStagedTexts(ctx.repo.root, gated, env);
      for (const s of gated) {
        const text = blobs.get(s.blob);
        if (text !== undefined) files.push({ path: s.path, tier: s.tier, text });
      }
    }
    const picked = await strictly(ctx, () => ({ ledger: selection.select(files.map((f) => f.path)) }));
    if ('problem' in picked) return refuseCorrupted(picked.problem);
    const decision = decideGate(picked.ledger, files, tiers);
    ctx.store.auditSync({
      type: 'gate',
      decision: decision.pass ? 'pass' : 'refused',
      tiers,
      checked: decision.checked,
      blocking: decision.blocking.map((b) => ({ path: b.path, startLine: b.startLine, endLine: b.endLine, origin: b.origin })),
    });
    if (decision.pass) return 0;
    for (const line of formatRefusal(decision)) io.out(line);
    return 1;
  },
};

interface StagedBlob {
  path: string;
  blob: string;
}

/** Added, copied, modified or type-changed regular files of the index, with their staged blob ids. */
async function stagedBlobs(root: string, env: NodeJS.ProcessEnv): Promise<StagedBlob[]> {
  // Inside the hook GIT_INDEX_FILE names the index being committed (`git commit -a`, `git commit <paths>`): env is inherited.
  const out = await git(root, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMT'], { env });
  const fields = splitNul(out);
  const result: StagedBlob[] = [];
  for (let k = 0; k + 1 < fields.length; k += 2) {
    // ":<old mode> <new mode> <old id> <new id> <status>", then the path.
    const [, newMode, , newId] = fields[k].slice(1).split(' ');
    if ((newMode === '100644' || newMode === '100755') && !/^0+$/.test(newId)) result.push({ path: fields[k + 1], blob: newId });
  }
  return result;
}

/**
 * The staged blobs' texts by id. A file whose work-tree bytes hash to its staged blob id (the usual `git add` then
 * commit) is that blob, byte for byte, so it is read from disk; only the others cost a `git cat-file`.
 */
async function readStagedTexts(root: string, staged: readonly StagedBlob[], env: NodeJS.ProcessEnv): Promise<Map<string, string | undefined>> {
  const texts = new Map<string, string | undefined>();
  const rest: string[] = [];
  for (const s of staged) {
    const bytes = workTreeBlob(root, s.path, s.blob);
    if (bytes) texts.set(s.blob, decodeFileText(bytes));
    else rest.push(s.blob);
  }
  for (const [id, text] of await readBlobs(root, rest, env, decodeFileText)) texts.set(id, text);
  return texts;
}

/**
 * The work tree's bytes of `repoPath` when they are the blob `id`: git's object id of them, SHA-1 (or SHA-256 in a
 * repository of that object format) of `blob <size>\0` and the bytes, which are read in after that header, so that
 * one hash call covers both. Undefined for anything else, and for what is not a regular file (never through a link).
 */
function workTreeBlob(root: string, repoPath: string, id: string): Buffer | undefined {
  try {
    const file = path.join(root, ...repoPath.split('/'));
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) return undefined;
    const header = `blob ${stat.size}\0`;
    const blob = Buffer.allocUnsafe(header.length + stat.size);
    let length = blob.write(header, 'latin1');
    const fd = fs.openSync(file, 'r');
    try {
      for (let n = -1; n !== 0 && length < blob.length; length += n) n = fs.readSync(fd, blob, length, blob.length - length, null);
    } finally {
      fs.closeSync(fd);
    }
    // A file that changed size since the lstat does not hash to the id: it is read from git.
    return length === blob.length && hashHex(id.length === 64 ? 'sha256' : 'sha1', blob) === id ? blob.subarray(header.length) : undefined;
  } catch {
    return undefined;
  }
}
