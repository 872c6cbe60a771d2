// The "Loadbearing" output channel, and the one way failures reach the user: logged, then shown with "Show log".
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** Tests and bug reports can ask for a plain-text copy of the log (the output channel is not readable from outside). */
const LOG_FILE = process.env.LOADBEARING_LOG_FILE;

function copyToFile(level: string, message: string): void {
  if (!LOG_FILE) return;
  try {
    fs.appendFileSync(LOG_FILE, `${new Date().toISOString()} client ${level} ${message}\n`);
  } catch {
    /* a debugging aid only */
  }
}

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Loadbearing', { log: true });

  info(message: string): void {
    this.channel.info(message);
    copyToFile('info', message);
  }

  error(message: string, error?: unknown): void {
    const text = error === undefined ? message : `${message}: ${describe(error)}`;
    this.channel.error(text);
    copyToFile('error', text);
  }

  /** Logs the failure and tells the user, offering the log; never throws. */
  async reportFailure(message: string, error?: unknown): Promise<void> {
    this.error(message, error);
    const detail = error === undefined ? '' : ` ${firstLine(describe(error))}`;
    const choice = await vscode.window.showErrorMessage(`Loadbearing: ${message}.${detail}`, 'Show log');
    if (choice === 'Show log') this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}
