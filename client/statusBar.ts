// The status bar item: server state now; the count of unreviewed regions in gated tiers once regions exist.
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('loadbearing.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Loadbearing';
    this.item.command = 'loadbearing.showServerStatus';
    this.setState('starting');
    this.item.show();
  }

  setState(state: ServerState): void {
    const icons: Record<ServerState, string> = {
      starting: '$(loading~spin)',
      running: '$(shield)',
      stopped: '$(circle-slash)',
      failed: '$(error)',
    };
    this.item.text = `${icons[state]} Loadbearing`;
    this.item.tooltip = `Loadbearing language server: ${state}`;
    this.item.backgroundColor =
      state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
