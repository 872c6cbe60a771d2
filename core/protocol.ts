// Every custom request and notification between the extension (client) and the language server.
// One namespace per message with a literal method name, so both sides share the exact type.
import { RequestType0 } from 'vscode-languageserver-protocol';

export interface ServerInfo {
  name: 'loadbearing';
  version: string;
  pid: number;
  startedAt: string;
  node: string;
}

/** Client → server: who is running, for the status command and the install test. */
export namespace ServerInfoRequest {
  export const method = 'loadbearing/serverInfo' as const;
  export const type = new RequestType0<ServerInfo, void>(method);
}
