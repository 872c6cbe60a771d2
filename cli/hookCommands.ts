// `loadbearing install-hook` / `uninstall-hook`: the git hooks that make the gate hold for every commit, from anywhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HookInstallError, installHooks, uninstallHooks } from '../core/install/hookInstall';
import { gateTiers, parseCommandArgs, rejectExtraPositionals, stringValue } from './args';
import { openRepo } from './repoContext';
import { type CliCommand, type CliIo, UsageError } from './command';

export { postCommitCommand } from './postCommitCommand';
export { postRewriteCommand } from './postRewriteCommand';

export const installHookCommand: CliCommand = {
  name: 'install-hook',
  usage: 'install-hook [--tiers critical,high]',
  summary: 'Install the pre-commit gate (chains an existing hook).',
  details: [
    "Writes pre-commit, post-commit and post-rewrite hooks into the folder git uses (core.hooksPath is honoured). A hook already",
    'there is kept beside it as <hook>.loadbearing-previous and still runs first; uninstall-hook puts it back.',
    'The hooks run this CLI with the node that runs it now, so they work where node is not on PATH.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseCommandArgs(args, { tiers: { type: 'string' } });
    rejectExtraPositionals(parsed);
    const tiersFlag = stringValue(parsed, 'tiers');
    const tiers = tiersFlag === undefined ? undefined : gateTiers(tiersFlag, {});
    const ctx = openRepo(io);
    const { cliPath, runtimePath } = self(io);
    try {
      const report = await installHooks({ repo: ctx.repo, cliPath, runtime: { path: runtimePath, electron: false }, tiers });
      for (const hook of report.hooks) {
        const what = hook.action === 'updated' ? 'updated' : 'installed';
        io.out(`${what} ${hook.file}${hook.previous ? ` (runs the previous hook first: ${path.basename(hook.previous)})` : ''}`);
      }
      return 0;
    } catch (error) {
      if (error instanceof HookInstallError) throw new UsageError(error.message);
      throw error;
    }
  },
};

export const uninstallHookCommand: CliCommand = {
  name: 'uninstall-hook',
  usage: 'uninstall-hook',
  summary: 'Remove the gate and restore the previous hook.',
  async run(args, io) {
    const parsed = parseCommandArgs(args, {});
    rejectExtraPositionals(parsed);
    const ctx = openRepo(io);
    const report = await uninstallHooks({ repo: ctx.repo });
    for (const hook of report.hooks) {
      if (hook.action === 'restored') io.out(`removed Loadbearing's ${hook.name}; restored the previous ${hook.file}`);
      else if (hook.action === 'removed') io.out(`removed ${hook.file}`);
      else if (hook.action === 'foreign') io.err(`left ${hook.file} alone: it is not Loadbearing's hook`);
      else io.out(`no Loadbearing ${hook.name} hook in ${report.hooksDir}`);
    }
    return 0;
  },
};

/** The CLI file and the program running it, absolute, as the hooks will call them. */
function self(io: CliIo): { cliPath: string; runtimePath: string } {
  const cliPath = path.resolve(io.cliPath ?? process.argv[1] ?? '');
  if (!fs.existsSync(cliPath)) throw new UsageError(`cannot find the running CLI (${cliPath}) to record in the hook`);
  return { cliPath, runtimePath: io.runtimePath ?? process.execPath };
}
