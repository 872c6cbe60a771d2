// The one table of commands: id → body. Registration wraps each body so failures reach the user and the log.
import * as vscode from 'vscode';
import { CommandContext } from './context';
import { showServerStatus } from './showServerStatus';

type CommandBody = (ctx: CommandContext, ...args: unknown[]) => unknown;

const commands: Record<string, CommandBody> = {
  'loadbearing.showServerStatus': showServerStatus,
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
