// Starts the language server (dist/server.js over IPC), restarts it on crash, and stops it cleanly. Its didChange
// middleware is where attribution happens: the verdict is sent just before the change, naming its version.
// Bundled apart (dist/languageClient.js) with the library, and loaded by ServerConnection after activation returned.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, ForkOptions, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { AttributeNotification, ChangesBeforeSyncNotification, InitializationOptions, serverProcessEnv } from '../core/protocol';
import { Attributor } from './attribution/attributor';
import { ChangesBeforeSync } from './attribution/changesBeforeSync';
import { Log } from './log';
import { RegionDiagnostics } from './regionDiagnostics';
import type { ConnectionState } from './serverConnection';

/** More crashes than this within the window and the server stays down (a crash loop helps nobody). */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60_000;

export function serverState(state: State): ConnectionState {
  return state === State.Running ? 'running' : state === State.Starting ? 'starting' : 'stopped';
}

export function createLanguageClient(context: vscode.ExtensionContext, log: Log, attributor: Attributor, beforeSync: ChangesBeforeSync): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // Messages cross the IPC channel by structured clone, not JSON: sending a 40 MB document takes a sixth of the time,
  // time the extension host is blocked (the freeze benchmark). So messages must be plain data: no vscode.Position
  // (whose toJSON is not called), no functions. The library's ForkOptions type omits `serialization`; it passes it on.
  const fork = { serialization: 'advanced', env: serverProcessEnv(process.env) } as ForkOptions;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: fork },
    debug: { module, transport: TransportKind.ipc, options: { ...fork, execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  let client: LanguageClient | undefined = undefined;
  const regionDiagnostics = new RegionDiagnostics();
  let crashes: number[] = [];
  const clientOptions: LanguageClientOptions = {
    errorHandler: {
      // A message that could not be written to a server that just died is no reason to stop it for good (the
      // library's default gives up after three): closed() decides whether it comes back.
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        const now = Date.now();
        crashes = [...crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
        if (crashes.length > MAX_CRASHES) {
          const message = `The Loadbearing language server stopped ${crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes and was not restarted: run "Developer: Reload Window", and see the Loadbearing log.`;
          log.error(message);
          return { action: CloseAction.DoNotRestart, message };
        }
        log.error('the language server stopped unexpectedly; restarting it');
        return { action: CloseAction.Restart, handled: true };
      },
    },
    // Every file on disk and in-memory: attribution must see edits anywhere in the repository.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    // Read at each (re)start: the server runs no git and no CLI unless the workspace is trusted.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }) satisfies InitializationOptions,
    outputChannel: log.channel,
    // The hover's links run these commands only: review, and show what the AI inserted.
    markdown: { isTrusted: { enabledCommands: ['loadbearing.reviewRegion', 'loadbearing.showRegionDiff'] }, supportHtml: false },
    synchronize: {
      configurationSection: 'loadbearing',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.loadbearing'),
    },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => regionDiagnostics.handle(uri, diagnostics, next),
      // The first didOpen of a document (at start, or restart) carries its text now; what changes made before it
      // inserted, and their verdicts, follow at once, ahead of any later change (they are sent in this order).
      didOpen: async (document, next) => {
        const handoff = beforeSync.handOff(document);
        const opened = next(document);
        if (handoff && client) {
          void client.sendNotification(ChangesBeforeSyncNotification.type, handoff.changes);
          for (const verdict of handoff.verdicts) void client.sendNotification(AttributeNotification.type, verdict);
        }
        return opened;
      },
      didChange: async (event, next) => {
        try {
          const verdict = attributor.classify(event);
          if (verdict && client) {
            log.info(`attributed ${event.document.uri.fsPath} v${event.document.version} to ${verdict.source} (${verdict.confidence})`);
            // Not awaited: awaiting here would let a later change overtake this one. The server applies an
            // attribution to the version it names whichever arrives first.
            void client.sendNotification(AttributeNotification.type, {
              uri: event.document.uri.toString(),
              version: event.document.version,
              ...verdict,
            });
          }
        } catch (error) {
          log.error('attributing a change failed', error);
        }
        return next(event);
      },
    },
  };
  client = new LanguageClient('loadbearing', 'Loadbearing', serverOptions, clientOptions);
  const running = client;
  context.subscriptions.push(
    regionDiagnostics,
    running.onDidChangeState((event) => {
      if (event.newState === State.Starting) beforeSync.serverStarting();
      if (event.newState === State.Stopped) regionDiagnostics.clear();
    }),
  );
  return client;
}
