// Loadbearing: Show Server Status — which server answers, from where; returns the info for scripts and tests.
import * as vscode from 'vscode';
import { ServerInfo, ServerInfoRequest } from '../../core/protocol';
import { CommandContext } from './context';

export async function showServerStatus(ctx: CommandContext): Promise<ServerInfo> {
  const info = await ctx.client.sendRequest(ServerInfoRequest.type);
  ctx.log.info(`server ${info.version} pid ${info.pid} on node ${info.node}, started ${info.startedAt}`);
  void vscode.window.showInformationMessage(
    `Loadbearing ${info.version}: language server running (pid ${info.pid}, Node ${info.node}).`,
  );
  return info;
}
