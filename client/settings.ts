// The one reader of `loadbearing.*` settings on the client; the schema is package.json's contributes.configuration.
import * as vscode from 'vscode';

export type GateTier = 'critical' | 'high' | 'watch';

export interface Settings {
  pasteMinLines: number;
  pasteMinChars: number;
  chatMinChars: number;
  showReviewed: boolean;
  highlightUntiered: boolean;
  gateTiers: GateTier[];
  autoInstallGate: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('loadbearing', scope);
  return {
    pasteMinLines: Math.max(1, c.get<number>('paste.minLines', 3)),
    pasteMinChars: Math.max(1, c.get<number>('paste.minChars', 120)),
    chatMinChars: Math.max(1, c.get<number>('chat.minChars', 40)),
    showReviewed: c.get<boolean>('showReviewed', false),
    highlightUntiered: c.get<boolean>('highlightUntiered', false),
    gateTiers: c.get<GateTier[]>('commitGate.tiers', ['critical', 'high']),
    autoInstallGate: c.get<boolean>('commitGate.autoInstall', true),
  };
}
