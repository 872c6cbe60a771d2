// Language server entry: wiring only. Each feature lives in its own module and gets the connection injected.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerInfoRequest } from '../core/protocol';
import { serverInfo } from './serverInfo';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const startedAt = new Date();

connection.onInitialize(
  (): InitializeResult => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    },
    serverInfo: { name: 'loadbearing' },
  }),
);

connection.onRequest(ServerInfoRequest.type, () => serverInfo(startedAt));

documents.listen(connection);
connection.listen();
