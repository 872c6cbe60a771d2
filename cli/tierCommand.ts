// `loadbearing tier <path>...`: each path's tier and the policy line that decided it, like `git check-ignore -v`.
import { loadPolicySync, POLICY_FILE } from '../core/policy/policyLoader';
import { parseCommandArgs } from './args';
import { openRepo, repoPathArg } from './repoContext';
import { type CliCommand, UsageError } from './command';

export const tierCommand: CliCommand = {
  name: 'tier',
  usage: 'tier <path>...',
  summary: "Each path's tier and the policy line that decided it.",
  details: [
    'Prints `path  tier  <policy file>:<line>` for each path (relative to the current folder), the policy file',
    'relative to the repository root and its line 1-based; `path  ignore  <file>:<line>` when an ignore line un-marks it;',
    '`path  -` when no line matches.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, {});
    if (parsed.positionals.length === 0) throw new UsageError('give at least one path');
    const ctx = openRepo(io);
    const targets = parsed.positionals.map((arg) => ({ arg, repoPath: repoPathArg(ctx, io, arg) }));
    const { matcher } = loadPolicySync(ctx.repo.root);
    for (const { arg, repoPath } of targets) {
      const decision = matcher.decide(repoPath);
      if (!decision) {
        io.out(`${arg}  -`);
        continue;
      }
      const policyFile = decision.policyDir ? `${decision.policyDir}/${POLICY_FILE}` : POLICY_FILE;
      io.out(`${arg}  ${decision.tier ?? 'ignore'}  ${policyFile}:${decision.rule.line + 1}`);
    }
    return 0;
  },
};
