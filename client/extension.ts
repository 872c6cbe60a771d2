// Extension entry: starts the language server, registers commands and the status bar, reports failures.
//
// Activation (package.json) is deliberately narrow:
// - `workspaceContains:**/.loadbearing`: the repository declared load-bearing paths, so AI edits matter here;
// - `onLanguage:loadbearing`: the user is editing a policy file and wants its diagnostics and completion;
// - each contributed command activates on use (implicit since VS Code 1.74), so `Create Policy` works anywhere.
// We do not activate on `*` or on every startup: a workspace without a policy pays nothing.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { registerCommands } from './commands/table';
import { createLanguageClient } from './languageClient';
import { Log } from './log';
import { StatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = new Log();
  const status = new StatusBar();
  context.subscriptions.push(log, status);
  log.info(`activating ${context.extension.id} ${context.extension.packageJSON.version} from ${context.extensionPath}`);

  client = createLanguageClient(context, log);
  context.subscriptions.push(
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) status.setState('running');
      else if (event.newState === State.Stopped) status.setState('stopped');
    }),
  );
  context.subscriptions.push(...registerCommands({ extension: context, client, log }));

  try {
    await client.start();
    status.setState('running');
    log.info('language server started');
  } catch (error) {
    status.setState('failed');
    void log.reportFailure('the language server failed to start', error);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) await running.stop();
}
