// The "Loadbearing Report" webview: one panel, re-rendered on each show. Its page comes from core/report (the same
// HTML as `loadbearing report --html`): no script runs in it (scripts disabled, CSP without script-src), nothing loads.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ReportData } from '../core/report/reportModel';
import { REPORT_TITLE, reportHtml } from '../core/report/reportHtml';

export const REPORT_VIEW_TYPE = 'loadbearing.report';

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(data: ReportData): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, REPORT_TITLE, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableForms: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(undefined, false);
    }
    // A fresh nonce per render: the page's one stylesheet is the only thing its CSP lets apply.
    this.panel.webview.html = reportHtml(data, randomBytes(18).toString('base64'));
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
