// Starts the language server (dist/server.js over IPC), restarts it on crash, and stops it cleanly.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Log } from './log';

export function createLanguageClient(context: vscode.ExtensionContext, log: Log): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every file on disk and in-memory: attribution must see edits anywhere in the repository.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    outputChannel: log.channel,
    synchronize: { configurationSection: 'loadbearing' },
  };
  return new LanguageClient('loadbearing', 'Loadbearing', serverOptions, clientOptions);
}
