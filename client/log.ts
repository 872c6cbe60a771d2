// The "Loadbearing" output channel, and the one way failures reach the user: logged, then shown with "Show log".
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Loadbearing', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  error(message: string, error?: unknown): void {
    this.channel.error(error === undefined ? message : `${message}: ${describe(error)}`);
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
