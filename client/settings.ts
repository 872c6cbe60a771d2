// The one reader of `loadbearing.*` settings on the client; the schema is package.json's contributes.configuration.
import * as vscode from 'vscode';
import { DEFAULT_GATE_TIERS, type Tier } from '../core/tier';


export interface Settings {
  pasteMinLines: number;
  pasteMinChars: number;
  chatMinChars: number;
  showReviewed: boolean;
  highlightUntiered: boolean;
  gateTiers: Tier[];
  autoInstallGate: boolean;
  /** Seconds critical AI code must be on screen before a review needs no reason: base and per line. */
  reviewMinSeconds: number;
  reviewMinSecondsPerLine: number;
  /** Put the `loadbearing` CLI on PATH in VS Code's integrated terminals. */
  terminalCli: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('loadbearing', scope);
  return {
    pasteMinLines: Math.max(1, c.get<number>('paste.minLines', 3)),
    pasteMinChars: Math.max(1, c.get<number>('paste.minChars', 120)),
    chatMinChars: Math.max(1, c.get<number>('chat.minChars', 40)),
    showReviewed: c.get<boolean>('showReviewed', false),
    highlightUntiered: c.get<boolean>('highlightUntiered', false),
    gateTiers: c.get<Tier[]>('commitGate.tiers', [...DEFAULT_GATE_TIERS]),
    autoInstallGate: c.get<boolean>('commitGate.autoInstall', true),
    reviewMinSeconds: nonNegative(c.get<number>('review.minSeconds', 2), 2),
    reviewMinSecondsPerLine: nonNegative(c.get<number>('review.minSecondsPerLine', 0.25), 0.25),
    terminalCli: c.get<boolean>('terminal.cliOnPath', true),
  };
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
