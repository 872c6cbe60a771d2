// Language server entry: wiring only. Each feature lives in its own module and gets what it needs injected.
// dist/server.js is a stub (serverStart.ts) that turns on Node's compile cache and then loads this bundle.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import {
  AttributeNotification,
  ChangesBeforeSyncNotification,
  FilesChangedNotification,
  InstallAgentHooksRequest,
  InitializationOptions,
  MarkRequest,
  QueueRequest,
  RegionDiffRequest,
  ReportRequest,
  ReviewRequest,
  QueueFilesNotification,
  ServerInfoRequest,
  TrustGrantedNotification,
  UnmarkRequest,
  UnreviewedCommitsRequest,
} from '../core/protocol';
import { findRepo, repoRelative } from '../core/git/gitRepo';
import { readReviewer, REVIEWER_HELP } from '../core/review/reviewer';
import { RepoFiles } from './policyFiles';
import { mergingPolicyDiagnostics, PolicyLanguage } from './policyLanguage';
import { PolicyService } from './policyService';
import { changesBeforeSync } from './changesBeforeSync';
import { installAgentHooksFor } from './agentHooks';
import { flushCompileCache } from '../core/compileCache';
import { favourSmallHeap } from './memoryMode';
import { GateEvents } from './gateEvents';
import { pushClosedFiles } from './queueFiles';
import { attribute, codeActions, hover, mark, queue, regionDiff, review, ReviewError, unmark } from './regionHandlers';
import { RepoLedger } from './repoLedger';
import { report } from './reportHandler';
import { serverInfo } from './serverInfo';
import { Workspace } from './workspace';

const connection = createConnection(ProposedFeatures.all);
const startedAt = new Date();
const policy = new PolicyService(() => workspace.republishAll());
const policyLanguage = new PolicyLanguage({
  publish: (params) => void connection.sendDiagnostics(params),
  findRepo,
  repoRelative,
  files: new RepoFiles(),
});
// Region diagnostics of a policy file are merged with its policy diagnostics instead of replacing them.
const workspace = new Workspace(mergingPolicyDiagnostics(connection, policyLanguage), policy);
const gate = new GateEvents(connection, workspace.log);
const pushQueueFiles = (ledger: RepoLedger, paths: string[]) =>
  pushClosedFiles(workspace, ledger, paths, (params) => void connection.sendNotification(QueueFilesNotification.type, params));
workspace.listeners = {
  audit: (repo, events) => gate.audit(repo, events),
  closedFilesChanged: (ledger, paths) => void pushQueueFiles(ledger, paths),
};
let trustedAtStart = false;

connection.onInitialize((params): InitializeResult => {
  favourSmallHeap();
  // The workspace's repositories are known from the start: their recorded regions are queued before any file opens.
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspace.addFolders(folders);
  gate.setRepos(folders.map((uri) => workspace.repoOf(uri)).filter((repo) => repo !== undefined));
  // Trust comes from the client only: a client that says nothing is taken as Restricted Mode.
  trustedAtStart = (params.initializationOptions as InitializationOptions | undefined)?.trusted === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' '] },
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'loadbearing' },
  };
});

connection.onInitialized(() => {
  // A client without dynamic registration refuses this; settings are then read once, at start.
  connection.client
    .register(DidChangeConfigurationNotification.type, { section: 'loadbearing' })
    .catch((error: unknown) => connection.console.info(`settings changes are not watched: ${String(error)}`));
  void readPolicySetting();
  if (trustedAtStart) gate.trust();
  // Everything `initialize` needed is compiled by now: the next start reads it from the cache (serverStart.ts).
  setImmediate(flushCompileCache);
});

// A failed promise nobody awaited is logged, not fatal: one bad request must not take the server (and its pending
// writes) down.
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));

async function readPolicySetting(): Promise<void> {
  try {
    const settings = (await connection.workspace.getConfiguration('loadbearing')) as { policy?: Record<string, string> } | null;
    policy.setSetting(settings?.policy);
  } catch (error) {
    connection.console.error(`reading settings failed: ${String(error)}`);
  }
}

connection.onDidChangeConfiguration(() => void readPolicySetting());
connection.onDidChangeWatchedFiles(() => {
  policy.invalidate();
  policyLanguage.invalidate();
});

connection.onDidOpenTextDocument((params) => {
  workspace.open(params);
  policyLanguage.open(params);
});
connection.onDidChangeTextDocument((params) => {
  workspace.change(params);
  policyLanguage.change(params);
});
connection.onDidCloseTextDocument((params) => {
  policyLanguage.close(params.textDocument.uri);
  const closing = workspace.docs.get(params.textDocument.uri);
  workspace.close(params.textDocument.uri);
  // The file's queue entries now come from disk: written first (pending moves of its regions), then pushed.
  const repo = workspace.repoOf(params.textDocument.uri);
  if (closing?.path && closing.regions.length > 0 && repo) {
    const ledger = workspace.ledgerFor(repo);
    const path = closing.path;
    void ledger.flush().catch(() => undefined).then(() => pushQueueFiles(ledger, [path]));
  }
});

connection.onNotification(AttributeNotification.type, (params) => attribute(workspace, params));
connection.onNotification(ChangesBeforeSyncNotification.type, (params) => changesBeforeSync(workspace, params));
connection.onNotification(FilesChangedNotification.type, (params) => workspace.filesChanged(params.renamed, params.deleted));
connection.onRequest(MarkRequest.type, (params) => mark(workspace, params));
connection.onRequest(UnmarkRequest.type, (params) => unmark(workspace, params));
connection.onRequest(ReviewRequest.type, (params) =>
  review(workspace, params, async (repo) => {
    const reviewer = await readReviewer(repo.root);
    if (!reviewer) throw new ReviewError(`no reviewer identity: ${REVIEWER_HELP}`);
    return reviewer;
  }),
);
connection.onRequest(QueueRequest.type, (params) => queue(workspace, params.includeReviewed ?? false));
connection.onRequest(RegionDiffRequest.type, (params) => regionDiff(workspace, params));
connection.onRequest(ServerInfoRequest.type, () => serverInfo(startedAt));
connection.onNotification(TrustGrantedNotification.type, () => gate.trust());
connection.onRequest(InstallAgentHooksRequest.type, (params) => installAgentHooksFor(params, gate.isTrusted));
connection.onRequest(UnreviewedCommitsRequest.type, () => gate.find());
connection.onRequest(ReportRequest.type, (params) => report(workspace, params));
connection.onHover((params) => policyLanguage.hover(params) ?? hover(workspace, params));
connection.onCompletion((params) => policyLanguage.completion(params) ?? null);
connection.onDocumentSymbol((params) => policyLanguage.symbols(params) ?? null);
connection.onCodeAction((params) => codeActions(params));

// Nothing reported as recorded may be lost on the way out: write what is pending before exiting.
connection.onShutdown(async () => {
  await Promise.all(workspace.allLedgers().map((ledger) => ledger.flush()));
  workspace.dispose();
});

connection.listen();
