// Sees accepted inline completions (full, next word, next line; by Tab, by the hover toolbar, or by any command) by
// taking over the accept commands and delegating to VS Code's own, as git-ai does. If that cannot be done, it says so.
import * as vscode from 'vscode';
import { Log } from '../log';
import { Attributor } from './attributor';

const ACCEPT_COMMANDS = [
  'editor.action.inlineSuggest.commit',
  'editor.action.inlineSuggest.acceptNextWord',
  'editor.action.inlineSuggest.acceptNextLine',
];

/**
 * Returns at once: activation does not wait for the command list (a round trip to the window); the commands this
 * VS Code has are taken over as soon as it comes.
 */
export function watchInlineCompletions(attributor: Attributor, log: Log): vscode.Disposable {
  const wrappers: { dispose(): void }[] = [];
  let disposed = false;
  void Promise.resolve(vscode.commands.getCommands(false)).then((commands) => {
    if (disposed) return;
    const available = new Set(commands);
    for (const id of ACCEPT_COMMANDS) {
      if (!available.has(id)) {
        log.info(`inline completion: ${id} does not exist in this VS Code; its accepts are not attributed`);
        continue;
      }
      wrappers.push(wrapCommand(id, attributor, log));
    }
  });
  return {
    dispose: () => {
      disposed = true;
      wrappers.forEach((w) => w.dispose());
    },
  };
}

function wrapCommand(id: string, attributor: Attributor, log: Log): { dispose(): void } {
  let registration: vscode.Disposable | undefined;
  let disposed = false;
  const register = () => {
    try {
      registration = vscode.commands.registerCommand(id, handler);
    } catch (error) {
      registration = undefined;
      log.error(`inline completion: cannot take over ${id}; accepts through it are not attributed`, error);
    }
  };
  const handler = async (...args: unknown[]) => {
    const editor = vscode.window.activeTextEditor;
    // VS Code sends the accept's document change before the command's answer, so once the command is over an
    // expectation still waiting was not met (no ghost text was showing) and is withdrawn.
    const withdraw = editor ? attributor.expect(editor.document.uri, 'inline-completion', 'certain') : undefined;
    // Our registration shadows VS Code's: step aside, run the original, then take over again.
    registration?.dispose();
    registration = undefined;
    try {
      return await vscode.commands.executeCommand(id, ...args);
    } finally {
      withdraw?.();
      if (!disposed) register();
    }
  };
  register();
  return {
    dispose: () => {
      disposed = true;
      registration?.dispose();
    },
  };
}
