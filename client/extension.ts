// Extension entry: starts the language server, wires attribution, rendering, commands and views; reports failures.
//
// Activation (package.json) is deliberately narrow:
// - `workspaceContains:**/.loadbearing`: the repository declared load-bearing paths, so AI edits matter here;
// - `onLanguage:loadbearing`: the user is editing a policy file and wants its diagnostics and completion;
// - each contributed command and view activates on use (implicit since VS Code 1.74), so `Create Policy` works anywhere.
// We do not activate on `*` or on every startup: a workspace without a policy pays nothing.
import * as vscode from 'vscode';
import {
  AttributeNotification,
  CommitUnreviewedNotification,
  FilesChangedNotification,
  GateRefusedNotification,
  ProblemNotification,
  QueueChangedNotification,
  QueueEntry,
  QueueFilesNotification,
  RegionsNotification,
  TrustGrantedNotification,
  UnreviewedCommitsNotification,
} from '../core/protocol';
import { Attributor } from './attribution/attributor';
import { ChangesBeforeSync } from './attribution/changesBeforeSync';
import { CommitGate } from './commitGate';
import { UnreviewedCommitsNotice } from './unreviewedCommits';
import { watchInlineCompletions } from './attribution/inlineCompletionWatcher';
import { PasteWatcher } from './attribution/pasteWatcher';
import { registerDiffContent } from './commands/showRegionDiff';
import { offerAgentHooks } from './commands/installAgentHooks';
import { registerCommands } from './commands/table';
import { Decorations } from './decorations';
import { Log } from './log';
import { RegionStore } from './regionStore';
import { ReviewQueue } from './reviewQueue';
import { LanguageClientModule, ServerConnection } from './serverConnection';
import { readSettings } from './settings';
import { StatusBar } from './statusBar';
import { updateTerminalEnvironment } from './terminalPath';
import { Visibility } from './visibility';

let client: ServerConnection | undefined;

/** What `activate` returns (the extension's exports): for scripts, tests and the benchmark. */
export interface LoadbearingApi {
  /** Settles once the language server answered (or failed to start); activation does not wait for it. */
  serverReady: Promise<void>;
  /** What the review queue view and the status bar show now, from what the server pushed (asks the server nothing). */
  shown(): { queue: QueueEntry[]; status: string };
}

// Activation returns at once: the server starts in the background. Nothing done meanwhile is lost: the watchers are
// registered first, changes before a document is synced are handed over with its didOpen (ChangesBeforeSync), and
// requests and notifications wait in the language client until the server answers.
export async function activate(context: vscode.ExtensionContext): Promise<LoadbearingApi> {
  const log = new Log();
  const status = new StatusBar();
  const store = new RegionStore();
  context.subscriptions.push(log, status, store);
  log.info(`activating ${context.extension.id} ${context.extension.packageJSON.version} from ${context.extensionPath}`);

  const settings = () => readSettings();
  let paste: PasteWatcher | undefined = undefined;
  const attributor = new Attributor(settings, (text) => paste?.copiedInside(text) ?? false);
  paste = new PasteWatcher(attributor, () => ({ minLines: settings().pasteMinLines, minChars: settings().pasteMinChars }), (m) => log.info(m));
  const beforeSync = new ChangesBeforeSync(attributor, (m) => log.info(m));
  context.subscriptions.push(attributor, paste.register(), beforeSync, registerDiffContent());
  context.subscriptions.push(watchInlineCompletions(attributor, log));

  // The language client's own bundle is loaded by start(), below, after activation returned.
  client = new ServerConnection(() => require('./languageClient.js') as LanguageClientModule, log);
  context.subscriptions.push(client);
  // A verdict found after its change (a paste checked against the clipboard) is for the server, or, while the document
  // is not synced yet (the server still starting), handed over with its didOpen: listened to from activation on.
  const connection = client;
  context.subscriptions.push(
    attributor.onLateVerdict((params) => {
      if (beforeSync.claim(params)) return;
      log.info(`attributed ${vscode.Uri.parse(params.uri).fsPath} v${params.version} to ${params.source} (${params.confidence}), after the change`);
      connection.sendNotification(AttributeNotification.type, params);
    }),
  );
  const queue = new ReviewQueue(client, store, settings, log);
  const decorations = new Decorations(context, store, settings);
  context.subscriptions.push(
    queue,
    decorations,
    vscode.window.createTreeView('loadbearing.reviewQueue', { treeDataProvider: queue, showCollapseAll: true }),
    queue.onDidChangeCount((count) => status.setCount(count)),
    store.onDidChange(() => queue.scheduleRefresh()),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      // A closed file's entries are the server's to read from disk again; it pushes them.
      queue.fileClosed(doc.uri.toString());
      store.forget(doc.uri.toString());
    }),
    // Regions follow a rename or move made in VS Code and go with a deleted file.
    vscode.workspace.onDidRenameFiles((e) => {
      const renamed = e.files.map((f) => ({ oldUri: f.oldUri.toString(), newUri: f.newUri.toString() }));
      client?.sendNotification(FilesChangedNotification.type, { renamed, deleted: [] });
    }),
    vscode.workspace.onDidDeleteFiles((e) => {
      client?.sendNotification(FilesChangedNotification.type, { renamed: [], deleted: e.files.map((f) => f.toString()) });
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('loadbearing')) {
        decorations.refresh();
        queue.scheduleFullRefresh();
      }
    }),
    client.onDidChangeState((state) => {
      if (state === 'running') {
        status.setState('running');
        queue.scheduleFullRefresh();
      }
      else if (state === 'stopped') status.setState('stopped');
    }),
    client.onNotification(RegionsNotification.type, (params) => store.update(params)),
    client.onNotification(QueueChangedNotification.type, () => queue.scheduleFullRefresh()),
    client.onNotification(QueueFilesNotification.type, (params) => queue.updateClosed(params)),
    client.onNotification(ProblemNotification.type, (params) => {
      log.error(params.message, params.detail);
      void vscode.window.showWarningMessage(`Loadbearing: ${params.message}`, 'Show log').then((choice) => {
        if (choice) log.channel.show(true);
      });
    }),
  );
  const gate = new CommitGate(context, log, settings);
  const unreviewed = new UnreviewedCommitsNotice();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // The server runs no git and no CLI until it hears this (or starts trusted).
      client?.sendNotification(TrustGrantedNotification.type, {});
      void gate.autoInstall();
    }),
    // The server reads the audit log the CLI appends to, and runs `verify`: what it finds is told here.
    client.onNotification(GateRefusedNotification.type, (params) => gate.offerReview(params.blocking, params.reason)),
    client.onNotification(CommitUnreviewedNotification.type, (params) => gate.reportBypass(params.unreviewed, params.commit)),
    client.onNotification(UnreviewedCommitsNotification.type, (params) => unreviewed.show(params)),
  );
  const visibility = new Visibility(store);
  updateTerminalEnvironment(context, settings(), log);
  context.subscriptions.push(
    visibility,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('loadbearing.review') || e.affectsConfiguration('loadbearing.terminal')) updateTerminalEnvironment(context, settings(), log);
    }),
  );
  const commandContext = { extension: context, client, log, store, queue, attributor, gate, visibility };
  context.subscriptions.push(...registerCommands(commandContext));

  const started = client;
  const serverReady = (async () => {
    try {
      // Tests hold the server back to act while it is starting, deterministically, as on a slow machine.
      const hold = Number(process.env.LOADBEARING_SERVER_START_DELAY_MS ?? 0);
      // Not in activate()'s time: loading the language client and forking the server wait for the next turn.
      await new Promise((resolve) => setTimeout(resolve, Math.max(hold, 0)));
      await started.start(context, log, attributor, beforeSync);
      status.setState('running');
      log.info('language server started');
      queue.scheduleFullRefresh();
      void gate.autoInstall();
      void offerAgentHooks(commandContext).catch((error: unknown) => log.reportFailure('offering agent hooks failed', error));
    } catch (error) {
      status.setState('failed');
      void log.reportFailure('the language server failed to start', error);
    }
  })();
  return { serverReady, shown: () => ({ queue: queue.entries, status: status.text }) };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
