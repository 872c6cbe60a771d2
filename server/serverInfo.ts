// Answers "who is running": the version, process and runtime of this language server.
import { ServerInfo } from '../core/protocol';
import { productVersion } from '../core/version';

export function serverInfo(startedAt: Date): ServerInfo {
  return {
    name: 'loadbearing',
    version: productVersion(),
    pid: process.pid,
    startedAt: startedAt.toISOString(),
    node: process.version,
  };
}
