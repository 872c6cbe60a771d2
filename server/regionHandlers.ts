// Requests about regions: attribute, mark, unmark, review (acknowledge), the review queue, the AI-insertion diff,
// and the hover and quick fix on a region. Each handler takes the workspace; the entry wires them to the connection.
import { CodeAction, CodeActionKind, CodeActionParams, Hover, HoverParams, MarkupKind } from 'vscode-languageserver';
import { Acknowledgment, reviewHash, Reviewer } from '../core/ledger/ledger';
import { GitRepo } from '../core/git/gitRepo';
import { describeCorruptLedger } from '../core/ledger/ledgerStore';
import { compareQueueEntries } from '../core/review/queueOrder';
import { sanitizeEvidence } from '../core/review/reviewEvidence';
import { reviewsOneAtATime } from '../core/tier';
import {
  AttributeParams,
  MarkParams,
  QueueEntry,
  QueueResult,
  RegionDiffResult,
  ReviewParams,
  ReviewResult,
  UnmarkParams,
} from '../core/protocol';
import { closedFileEntries, fileUri } from './queueFiles';
import { DIAGNOSTIC_CODE, hoverMarkdown } from './regionInfo';
import { TrackedDocument } from './trackedDocument';
import { fsPath, Workspace } from './workspace';

/** How many closed files the queue reads at once: enough to keep libuv's threads busy, few texts in memory at a time. */
const CLOSED_FILES_AT_ONCE = 16;

export type ReviewerLookup = (repo: GitRepo) => Promise<Reviewer>;

export class ReviewError extends Error {}

export function attribute(ws: Workspace, params: AttributeParams): void {
  const tracked = ws.docs.get(params.uri);
  if (!tracked) return;
  const origin = tracked.attribute(params);
  ws.log.info(`attribution ${params.source} for ${tracked.path ?? params.uri} v${params.version} (document at v${tracked.version}): ${origin ? 'applied late' : params.version > tracked.version ? 'pending' : 'no text to label'}`);
  if (origin) {
    ws.persist(tracked, [origin]);
    ws.schedulePublish(tracked);
  }
}

export function mark(ws: Workspace, params: MarkParams): number {
  const tracked = requireDoc(ws, params.uri);
  const origin = tracked.newOrigin({ source: params.source, confidence: 'certain' });
  let marked = 0;
  for (const range of params.ranges) {
    const start = tracked.doc.offsetAt(range.start);
    const end = tracked.doc.offsetAt(range.end);
    if (end > start) {
      tracked.paint(start, end, origin.id);
      marked++;
    }
  }
  if (marked > 0) {
    origin.inserted = params.ranges.map((r) => tracked.doc.getText(r)).join('\n');
    ws.persist(tracked, [origin]);
    ws.schedulePublish(tracked);
  }
  return marked;
}

export function unmark(ws: Workspace, params: UnmarkParams): number {
  const tracked = requireDoc(ws, params.uri);
  const start = params.range ? tracked.doc.offsetAt(params.range.start) : 0;
  const end = params.range ? tracked.doc.offsetAt(params.range.end) : 0;
  const affected = tracked.unmark(start, end, params.origin);
  if (affected.length > 0) {
    ws.persist(tracked);
    const repo = ws.repoOf(tracked.uri);
    if (repo) for (const origin of affected) ws.ledgerFor(repo).audit({ type: 'unmark', origin, path: tracked.path });
    ws.schedulePublish(tracked);
  }
  return affected.length;
}

/** Acknowledges regions; resolves only after the acknowledgments are written to the ledger. */
export async function review(ws: Workspace, params: ReviewParams, reviewerOf: ReviewerLookup): Promise<ReviewResult> {
  const byRepo = new Map<string, { repo: GitRepo; acks: Acknowledgment[]; docs: Set<TrackedDocument> }>();
  let reviewer: Reviewer | undefined;
  for (const [index, ref] of params.regions.entries()) {
    const tracked = requireDoc(ws, ref.uri);
    const repo = ws.repoOf(ref.uri);
    if (!repo || !tracked.path) throw new ReviewError(`${ref.uri} is not inside a git repository; there is no ledger to record the review in`);
    const offset = tracked.doc.offsetAt(ref.range.start);
    const region =
      tracked.regions.find((r) => r.origin === ref.origin && r.start <= offset && offset < r.end) ??
      tracked.regions.find((r) => r.origin === ref.origin);
    if (!region) throw new ReviewError('that AI edit is no longer in the document');
    if (params.regions.length > 1 && reviewsOneAtATime(ws.tierOf(repo, tracked.path).tier)) {
      throw new ReviewError(`${tracked.path} is critical: its AI edits are reviewed one region at a time, not together with others`);
    }
    reviewer ??= await reviewerOf(repo);
    const entry = byRepo.get(repo.gitDir) ?? { repo, acks: [], docs: new Set() };
    // The client's evidence (on screen long enough, or a reason) is kept as received, once checked for shape.
    const evidence = sanitizeEvidence(params.evidence?.[index]);
    entry.acks.push({
      origin: region.origin,
      textHash: reviewHash(tracked.doc.getText().slice(region.start, region.end), tracked.path),
      path: tracked.path,
      reviewer,
      time: new Date().toISOString(),
      ...(evidence ? { evidence } : {}),
    });
    entry.docs.add(tracked);
    byRepo.set(repo.gitDir, entry);
  }
  let reviewed = 0;
  for (const { repo, acks, docs } of byRepo.values()) {
    const ledger = ws.ledgerFor(repo);
    for (const tracked of docs) ws.persist(tracked);
    await ledger.acknowledge(acks);
    reviewed += acks.length;
    for (const tracked of docs) ws.publish(tracked);
  }
  if (!reviewer) throw new ReviewError('no region to review');
  return { reviewed, reviewer };
}

/** Every region of every repository the server knows: open documents as they are, other files as on disk. */
export async function queue(ws: Workspace, includeReviewed: boolean): Promise<QueueResult> {
  const entries: QueueEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const tracked of ws.docs.values()) {
    seen.add(tracked.uri);
    for (const info of ws.describe(tracked)) {
      if (includeReviewed || !info.reviewed) entries.push({ ...info, uri: tracked.uri, path: tracked.path ?? tracked.uri });
    }
  }
  const named = new Set<string>();
  for (const ledger of ws.allLedgers()) {
    await ledger.ready;
    for (const file of await ledger.store.quarantined()) problems.push(describeCorruptLedger(ledger.store.file, file));
    const closed: string[] = [];
    for (const relPath of Object.keys(ledger.ledger.files)) {
      const { abs, uri } = fileUri(ledger, relPath);
      named.add(abs);
      if (!seen.has(uri)) closed.push(relPath);
    }
    // Closed files are read from disk for each answer (server/closedFiles.ts): several at a time, not one after another.
    for (let k = 0; k < closed.length; k += CLOSED_FILES_AT_ONCE) {
      const batch = closed.slice(k, k + CLOSED_FILES_AT_ONCE);
      for (const list of await Promise.all(batch.map((relPath) => closedFileEntries(ws, ledger, relPath, includeReviewed)))) entries.push(...list);
    }
  }
  ws.closedFiles.keepOnly(named);
  entries.sort(compareQueueEntries);
  return { entries, problems };
}

export function regionDiff(ws: Workspace, params: { uri: string; origin: string }): RegionDiffResult | null {
  const repo = ws.repoOf(params.uri);
  const origin = repo ? ws.ledgerFor(repo).ledger.origins[params.origin] : undefined;
  const tracked = ws.docs.get(params.uri);
  if (!origin || origin.inserted === undefined) return null;
  return { path: tracked?.path ?? origin.path, before: origin.replaced ?? '', after: origin.inserted, source: origin.source, time: origin.time };
}

export function hover(ws: Workspace, params: HoverParams): Hover | null {
  const tracked = ws.docs.get(params.textDocument.uri);
  if (!tracked) return null;
  const offset = tracked.doc.offsetAt(params.position);
  const info = ws.describe(tracked).find((i) => {
    const start = tracked.doc.offsetAt(i.range.start);
    const end = tracked.doc.offsetAt(i.range.end);
    return start <= offset && offset < end;
  });
  if (!info) return null;
  return { contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(tracked.uri, info) }, range: info.range };
}

export function codeActions(params: CodeActionParams): CodeAction[] {
  return params.context.diagnostics
    .filter((d) => d.code === DIAGNOSTIC_CODE && d.source === 'loadbearing')
    .map((diagnostic) => {
      const origin = (diagnostic.data as { origin?: string } | undefined)?.origin ?? '';
      return {
        title: 'Mark as reviewed',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        command: {
          title: 'Mark as reviewed',
          command: 'loadbearing.reviewRegion',
          arguments: [{ uri: params.textDocument.uri, origin, range: diagnostic.range }],
        },
      };
    });
}

function requireDoc(ws: Workspace, uri: string): TrackedDocument {
  const tracked = ws.docs.get(uri);
  if (!tracked) throw new ReviewError(`${fsPath(uri) ?? uri} is not open`);
  return tracked;
}
