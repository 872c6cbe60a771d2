// The commit gate from VS Code: installs/removes the git hooks (never in an untrusted workspace), installs them
// automatically where a trusted repository has a policy, and turns a refused commit (which the server reads from the
// audit log and pushes) into a one-step "Review now".
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findRepo, GitRepo } from '../core/git/gitRepo';
import { hooksInstalled, HookInstallReport, installHooks, uninstallHooks } from '../core/install/hookInstall';
import { Log } from './log';
import { Settings } from './settings';

/** The runtime VS Code's extension host runs on; under Electron the hook sets ELECTRON_RUN_AS_NODE=1 (as git's askpass does). */
function runtime(): { path: string; electron: boolean } {
  return { path: process.execPath, electron: Boolean(process.versions.electron) };
}

export function workspaceRepos(): GitRepo[] {
  const repos = new Map<string, GitRepo>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const repo = findRepo(folder.uri.fsPath);
    if (repo) repos.set(repo.root, repo);
  }
  return [...repos.values()];
}

export class CommitGate {
  private lastOffer = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly settings: () => Settings,
  ) {}

  async install(repo: GitRepo): Promise<HookInstallReport> {
    if (!vscode.workspace.isTrusted) {
      throw new Error('this workspace is not trusted: Loadbearing never installs git hooks in Restricted Mode');
    }
    const report = await installHooks({
      repo,
      cliPath: this.context.asAbsolutePath(path.join('dist', 'cli.js')),
      runtime: runtime(),
      tiers: this.settings().gateTiers,
    });
    this.log.info(`commit gate in ${report.hooksDir}: ${report.hooks.map((h) => `${h.name} ${h.action}${h.previous ? ` (previous hook kept at ${h.previous})` : ''}`).join(', ')}`);
    return report;
  }

  async remove(repo: GitRepo): Promise<void> {
    const report = await uninstallHooks({ repo });
    this.log.info(`commit gate removed from ${report.hooksDir}: ${report.hooks.map((h) => `${h.name} ${h.action}`).join(', ')}`);
  }

  /**
   * In a trusted workspace whose repository has a `.loadbearing`: install the gate once (telling the user), and
   * refresh an installed one on every start (the extension's path changes with each update).
   */
  async autoInstall(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    for (const repo of workspaceRepos()) {
      const scope = vscode.Uri.file(repo.root);
      if (!vscode.workspace.getConfiguration('loadbearing', scope).get<boolean>('commitGate.autoInstall', true)) continue;
      try {
        const installed = await hooksInstalled(repo);
        if (!installed && !fs.existsSync(path.join(repo.root, '.loadbearing'))) continue;
        const report = await this.install(repo);
        if (!installed) {
          void vscode.window
            .showInformationMessage(
              `Loadbearing installed its commit gate in ${path.basename(repo.root)}: commits with unreviewed AI code in load-bearing files are refused.`,
              'Remove',
            )
            .then((choice) => (choice === 'Remove' ? this.remove(repo) : undefined));
          this.log.info(`auto-installed the commit gate (${report.hooksDir})`);
        }
      } catch (error) {
        this.log.error(`could not install the commit gate in ${repo.root}`, error);
      }
    }
  }

  /** A commit went through with unreviewed AI code (hook bypassed with --no-verify): say so, once per commit. */
  reportBypass(count: number, commit?: string): void {
    void vscode.window
      .showWarningMessage(
        `Loadbearing: commit ${commit?.slice(0, 7) ?? ''} contains ${count} unreviewed AI edit${count === 1 ? '' : 's'} (committed with --no-verify?).`,
        'Show',
      )
      .then((choice) => (choice ? vscode.commands.executeCommand('loadbearing.showUnreviewedCommits') : undefined));
  }

  /** The gate refused a commit: offer the way to the review queue. */
  offerReview(count: number, reason?: string): void {
    // A commit attempt runs the hook once; avoid stacking notifications from retries in quick succession.
    if (Date.now() - this.lastOffer < 2000) return;
    this.lastOffer = Date.now();
    const message = reason
      ? `Loadbearing refused the commit: ${reason}.`
      : `Loadbearing refused the commit: ${count} unreviewed AI edit${count === 1 ? '' : 's'} in load-bearing files.`;
    void vscode.window.showWarningMessage(message, 'Review now').then(async (choice) => {
      if (choice !== 'Review now') return;
      await vscode.commands.executeCommand('loadbearing.showReviewQueue');
      await vscode.commands.executeCommand('loadbearing.nextRegion');
    });
  }
}
