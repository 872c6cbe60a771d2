// Extension entry: starts the language server, wires attribution, rendering, commands and views; reports failures.
//
// Activation (package.json) is deliberately narrow:
// - `workspaceContains:**/.loadbearing`: the repository declared load-bearing paths, so AI edits matter here;
// - `onLanguage:loadbearing`: the user is editing a policy file and wants its diagnostics and completion;
// - each contributed command and view activates on use (implicit since VS Code 1.74), so `Create Policy` works anywhere.
// We do not activate on `*` or on every startup: a workspace without a policy pays nothing.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { FilesChangedNotification, ProblemNotification, RegionsNotification } from '../core/protocol';
import { Attributor } from './attribution/attributor';
import { CommitGate, workspaceRepos } from './commitGate';
import { describeUnreviewed, findUnreviewedCommits } from './unreviewedCommits';
import { watchInlineCompletions } from './attribution/inlineCompletionWatcher';
import { PasteWatcher } from './attribution/pasteWatcher';
import { registerDiffContent } from './commands/showRegionDiff';
import { registerCommands } from './commands/table';
import { Decorations } from './decorations';
import { createLanguageClient } from './languageClient';
import { Log } from './log';
import { RegionStore } from './regionStore';
import { ReviewQueue } from './reviewQueue';
import { readSettings } from './settings';
import { StatusBar } from './statusBar';
import { updateTerminalEnvironment } from './terminalPath';
import { Visibility } from './visibility';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = new Log();
  const status = new StatusBar();
  const store = new RegionStore();
  context.subscriptions.push(log, status, store);
  log.info(`activating ${context.extension.id} ${context.extension.packageJSON.version} from ${context.extensionPath}`);

  const settings = () => readSettings();
  let paste: PasteWatcher | undefined = undefined;
  const attributor = new Attributor(settings, (text) => paste?.copiedInside(text) ?? false);
  paste = new PasteWatcher(attributor, () => ({ minLines: settings().pasteMinLines, minChars: settings().pasteMinChars }), (m) => log.info(m));
  context.subscriptions.push(attributor, paste.register(), registerDiffContent());
  context.subscriptions.push(await watchInlineCompletions(attributor, log));

  client = createLanguageClient(context, log, attributor);
  const queue = new ReviewQueue(client, settings, log);
  const decorations = new Decorations(context, store, settings);
  context.subscriptions.push(
    queue,
    decorations,
    vscode.window.createTreeView('loadbearing.reviewQueue', { treeDataProvider: queue, showCollapseAll: true }),
    queue.onDidChangeCount((count) => status.setCount(count)),
    store.onDidChange(() => queue.scheduleRefresh()),
    vscode.workspace.onDidCloseTextDocument((doc) => store.forget(doc.uri.toString())),
    // Regions follow a rename or move made in VS Code and go with a deleted file.
    vscode.workspace.onDidRenameFiles((e) => {
      const renamed = e.files.map((f) => ({ oldUri: f.oldUri.toString(), newUri: f.newUri.toString() }));
      void client?.sendNotification(FilesChangedNotification.type, { renamed, deleted: [] });
    }),
    vscode.workspace.onDidDeleteFiles((e) => {
      void client?.sendNotification(FilesChangedNotification.type, { renamed: [], deleted: e.files.map((f) => f.toString()) });
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('loadbearing')) {
        decorations.refresh();
        queue.scheduleRefresh();
      }
    }),
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) status.setState('running');
      else if (event.newState === State.Stopped) status.setState('stopped');
    }),
    client.onNotification(RegionsNotification.type, (params) => store.update(params)),
    client.onNotification(ProblemNotification.type, (params) => {
      log.error(params.message, params.detail);
      void vscode.window.showWarningMessage(`Loadbearing: ${params.message}`, 'Show log').then((choice) => {
        if (choice) log.channel.show(true);
      });
    }),
  );
  const gate = new CommitGate(context, log, settings);
  context.subscriptions.push(gate, vscode.workspace.onDidGrantWorkspaceTrust(() => void gate.autoInstall()));
  const visibility = new Visibility(store);
  updateTerminalEnvironment(context, settings(), log);
  context.subscriptions.push(
    visibility,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('loadbearing.review') || e.affectsConfiguration('loadbearing.terminal')) updateTerminalEnvironment(context, settings(), log);
    }),
  );
  context.subscriptions.push(...registerCommands({ extension: context, client, log, store, queue, attributor, gate, visibility }));

  try {
    await client.start();
    status.setState('running');
    log.info('language server started');
    queue.scheduleRefresh();
    void gate.autoInstall();
    void warnAboutUnreviewedCommits(context, log);
  } catch (error) {
    status.setState('failed');
    void log.reportFailure('the language server failed to start', error);
  }
}

/** Unreviewed AI code that reached recent commits while VS Code was closed (or from another tool): say so once. */
async function warnAboutUnreviewedCommits(context: vscode.ExtensionContext, log: Log): Promise<void> {
  for (const repo of workspaceRepos()) {
    const found = await findUnreviewedCommits(context, repo, log);
    if (found.length === 0) continue;
    const choice = await vscode.window.showWarningMessage(`Loadbearing: ${describeUnreviewed(found)}`, 'Show');
    if (choice) await vscode.commands.executeCommand('loadbearing.showUnreviewedCommits');
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) await running.stop();
}
