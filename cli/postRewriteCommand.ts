// `loadbearing post-rewrite <amend|rebase>` (internal, run by the post-rewrite hook): carries each rewritten commit's note
// to its new commit, re-anchored on the new commit's files; several old commits squashed into one get one merged note.
import { parseCommandArgs, rejectExtraPositionals } from './args';
import { carryNotes, parseRewriteList } from './noteStore';
import { openRepo } from './repoContext';
import { readStdin } from './stdin';
import { type CliCommand, UsageError } from './command';

export const postRewriteCommand: CliCommand = {
  name: 'post-rewrite',
  usage: 'post-rewrite <amend|rebase>',
  summary: '(internal, run by the post-rewrite hook) Carry notes to rewritten commits; reads "old new" lines on stdin.',
  internal: true,
  async run(args, io) {
    const parsed = parseCommandArgs(args, {});
    const [kind] = parsed.positionals;
    if (kind !== 'amend' && kind !== 'rebase') throw new UsageError("give how the commits were rewritten: 'amend' or 'rebase' (git passes it)");
    rejectExtraPositionals(parsed, 1);
    if (process.stdin.isTTY) throw new UsageError('reads the rewritten commits ("<old> <new>" lines) on stdin, as git gives them');
    const env = io.env ?? process.env;
    // Inside a rebase git also reports each squash or reword step as an amend, before the final `rebase` list. Those are
    // carried too: an `exec git commit --amend` later in the same rebase rewrites the result again, and only the step's
    // carry puts the note where that amend will find it (the union of the same regions twice is the same note).
    const pairs = parseRewriteList((await readStdin()) ?? '');
    const ctx = openRepo(io);
    const report = await carryNotes(ctx.repo.root, pairs, env);
    for (const line of report.skipped) io.err(`Loadbearing: ${line}`);
    if (report.lost.length > 0) {
      io.err(`Loadbearing: ${report.lost.length} AI region${report.lost.length === 1 ? '' : 's'} of the rewritten commits ${report.lost.length === 1 ? 'is' : 'are'} no longer in the new commits (deleted or rewritten by hand):`);
      for (const l of report.lost) io.err(`  ${l.path}:${l.region.startLine}-${l.region.endLine} (was in ${l.from.slice(0, 12)})`);
    }
    return 0;
  },
};
