// Server-side logging: the client's output channel (through the connection), plus a plain file when
// LOADBEARING_LOG_FILE is set (tests and bug reports).
import * as fs from 'node:fs';
import { Connection } from 'vscode-languageserver';

export class ServerLog {
  private readonly file = process.env.LOADBEARING_LOG_FILE;

  constructor(private readonly connection: Connection) {}

  info(message: string): void {
    this.connection.console.info(message);
    this.copy('info', message);
  }

  error(message: string): void {
    this.connection.console.error(message);
    this.copy('error', message);
  }

  private copy(level: string, message: string): void {
    if (!this.file) return;
    try {
      fs.appendFileSync(this.file, `${new Date().toISOString()} server ${level} ${message}\n`);
    } catch {
      /* a debugging aid only */
    }
  }
}
