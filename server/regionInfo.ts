// Turns a document's regions into what the user sees: RegionInfo for the client, diagnostics, and hover text.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { findAck, Ledger } from '../core/ledger/ledger';
import { RegionInfo } from '../core/protocol';
import type { TrackedDocument } from './trackedDocument';
import type { TierInfo } from './policyService';

export const DIAGNOSTIC_CODE = 'ai-edit-unreviewed';
export const DIAGNOSTIC_SOURCE = 'loadbearing';

const severities = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Warning,
  watch: DiagnosticSeverity.Information,
} as const;

export function describeRegions(tracked: TrackedDocument, ledger: Ledger | undefined, tier: TierInfo): RegionInfo[] {
  const text = tracked.doc.getText();
  const infos: RegionInfo[] = [];
  for (const region of tracked.regions) {
    const regionText = text.slice(region.start, region.end);
    // Whitespace-only AI text cannot hide behaviour: tracked, never flagged.
    if (regionText.trim() === '') continue;
    const origin = ledger?.origins[region.origin];
    const ack = ledger ? findAck(ledger, region.origin, regionText) : undefined;
    infos.push({
      origin: region.origin,
      range: { start: tracked.doc.positionAt(region.start), end: tracked.doc.positionAt(region.end) },
      source: origin?.source ?? 'chat',
      confidence: origin?.confidence ?? 'likely',
      time: origin?.time ?? '',
      // An agent hook's origin also names the model: shown with the tool in the hover and the diagnostic.
      ...(origin?.tool ? { tool: origin.model ? `${origin.tool}, model ${origin.model}` : origin.tool } : {}),
      tier: tier.tier,
      ...(tier.rule ? { tierRule: tier.rule } : {}),
      reviewed: ack !== undefined,
      ...(ack ? { reviewer: ack.reviewer, reviewedAt: ack.time } : {}),
    });
  }
  return infos;
}

const sourceNames: Record<RegionInfo['source'], string> = {
  'inline-completion': 'accepted inline completion',
  paste: 'paste',
  chat: 'chat/agent edit',
  agent: 'external agent',
  manual: 'marked by hand',
};

export function describeSource(info: Pick<RegionInfo, 'source' | 'tool'>): string {
  return info.tool ? `${sourceNames[info.source]} (${info.tool})` : sourceNames[info.source];
}

export function toDiagnostics(regions: RegionInfo[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const info of regions) {
    if (info.reviewed || info.tier === null) continue;
    diagnostics.push({
      range: info.range,
      severity: severities[info.tier],
      source: DIAGNOSTIC_SOURCE,
      code: DIAGNOSTIC_CODE,
      message: `Unreviewed AI-written code (${describeSource(info)}, ${info.confidence}) in a ${info.tier} file. Mark it as reviewed once you have read it.`,
      data: { origin: info.origin },
    });
  }
  return diagnostics;
}

/** Hover markdown for a region: what, when, why it matters here, and what to do (command links). */
export function hoverMarkdown(uri: string, info: RegionInfo): string {
  const when = info.time ? new Date(info.time).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC' : 'unknown time';
  const lines = [
    `**Loadbearing** — AI-written: ${describeSource(info)} · confidence *${info.confidence}* · ${when}`,
    '',
    info.tier
      ? `Tier **${info.tier}**${info.tierRule ? ` (from \`${info.tierRule}\`)` : ''}.`
      : 'Not in a load-bearing path (no policy line matches).',
  ];
  const args = encodeURIComponent(JSON.stringify([{ uri, origin: info.origin, range: info.range }]));
  if (info.reviewed) {
    lines.push('', `Reviewed by ${info.reviewer?.name ?? 'someone'} <${info.reviewer?.email ?? ''}> at ${info.reviewedAt ?? ''}.`);
  } else {
    // Named as the palette shows it (Loadbearing: Mark AI Edit as Reviewed), so the hover teaches the command.
    lines.push('', `[Mark AI Edit as Reviewed](command:loadbearing.reviewRegion?${args} "Loadbearing: Mark AI Edit as Reviewed")`);
  }
  lines.push(` · [Show what the AI inserted](command:loadbearing.showRegionDiff?${args})`);
  return lines.join('\n');
}
