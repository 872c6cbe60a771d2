// The status bar item: the count of unreviewed AI edits in gated tiers (click: the review queue), or the server's trouble.
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('loadbearing.status', vscode.StatusBarAlignment.Left, 50);
  private state: ServerState = 'starting';
  private count = 0;

  constructor() {
    this.item.name = 'Loadbearing';
    this.render();
    this.item.show();
  }

  /** The item's text as shown (for the extension's exports: tests and scripts). */
  get text(): string {
    return this.item.text;
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  setCount(count: number): void {
    this.count = count;
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (state === 'running') {
      this.item.text = this.count > 0 ? `$(shield) ${this.count} to review` : '$(shield) Loadbearing';
      this.item.tooltip = this.count > 0
        ? `Loadbearing: ${this.count} unreviewed AI edit${this.count === 1 ? '' : 's'} in load-bearing files block the commit. Click to open the review queue.`
        : 'Loadbearing: no unreviewed AI edits in load-bearing files.';
      this.item.command = 'loadbearing.showReviewQueue';
      this.item.backgroundColor = this.count > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      return;
    }
    this.item.command = 'loadbearing.showServerStatus';
    const icons: Record<ServerState, string> = {
      starting: '$(loading~spin)',
      running: '$(shield)',
      stopped: '$(circle-slash)',
      failed: '$(error)',
    };
    this.item.text = `${icons[state]} Loadbearing`;
    this.item.name = 'Loadbearing';
    this.item.tooltip = `Loadbearing language server: ${state}`;
    this.item.backgroundColor =
      state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
