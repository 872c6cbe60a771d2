// The one table of commands: id → body. Registration wraps each body so failures reach the user and the log.
import * as vscode from 'vscode';
import { CommandContext } from './context';
import { createPolicy } from './createPolicy';
import { installAgentHooks } from './installAgentHooks';
import { installCommitGate } from './installCommitGate';
import { markSelection } from './markSelection';
import { nextRegion, previousRegion } from './navigateRegions';
import { removeCommitGate } from './removeCommitGate';
import { reviewFile } from './reviewFile';
import { reviewRegion } from './reviewRegion';
import { showRegionDiff } from './showRegionDiff';
import { showReport } from './showReport';
import { showReviewQueue } from './showReviewQueue';
import { showServerStatus } from './showServerStatus';
import { showUnreviewedCommits } from './showUnreviewedCommits';
import { unmarkRegion } from './unmarkRegion';

type CommandBody = (ctx: CommandContext, ...args: unknown[]) => unknown;

const commands: Record<string, CommandBody> = {
  'loadbearing.showServerStatus': showServerStatus,
  'loadbearing.showUnreviewedCommits': showUnreviewedCommits,
  'loadbearing.reviewRegion': reviewRegion,
  'loadbearing.reviewFile': reviewFile,
  'loadbearing.nextRegion': nextRegion,
  'loadbearing.previousRegion': previousRegion,
  'loadbearing.showRegionDiff': showRegionDiff,
  'loadbearing.markSelection': markSelection,
  'loadbearing.unmarkRegion': unmarkRegion,
  'loadbearing.showReviewQueue': showReviewQueue,
  'loadbearing.installCommitGate': installCommitGate,
  'loadbearing.removeCommitGate': removeCommitGate,
  'loadbearing.createPolicy': createPolicy,
  'loadbearing.installAgentHooks': installAgentHooks,
  'loadbearing.showReport': showReport,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(commands).map(([id, body]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await body(ctx, ...args);
      } catch (error) {
        void ctx.log.reportFailure(`command ${id} failed`, error);
        return undefined;
      }
    }),
  );
}
