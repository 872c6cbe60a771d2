// What every command body receives: the running client and the log, nothing global.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { Log } from '../log';

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly client: LanguageClient;
  readonly log: Log;
}
