// One open document and its AI regions, kept exact through every change; attributions apply to the version they name.
import { randomUUID } from 'node:crypto';
import { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AttributeParams } from '../core/protocol';
import { AiSource, Confidence, Origin } from '../core/ledger/ledger';
import { applyChange, applyTextChange, normalize, Region } from '../core/tracking/regionTracker';

/** How many versions back a late attribution can still find the text its change inserted. */
const RECENT_VERSIONS = 32;
/** Inserted/replaced text kept per origin for "show what the AI inserted". */
const MAX_DIFF_TEXT = 64 * 1024;

export interface ChangeOutcome {
  /** Origins created by this change (an attribution applied). */
  created: Origin[];
}

export class TrackedDocument {
  regions: Region[] = [];
  /** Shadow labels `v:<version>` on the text each recent version inserted, so a late attribution can find it. */
  private recent: Region[] = [];
  private readonly pending = new Map<number, AttributeParams>();

  constructor(
    public doc: TextDocument,
    /** Repository-relative path, when the document is a file inside a repository. */
    public readonly path: string | undefined,
  ) {}

  get uri(): string {
    return this.doc.uri;
  }

  get version(): number {
    return this.doc.version;
  }

  /** Applies one didChange; an attribution sent earlier for this version labels the inserted text. */
  applyChanges(changes: TextDocumentContentChangeEvent[], version: number): ChangeOutcome {
    const attribution = this.pending.get(version);
    this.pending.delete(version);
    const origin = attribution ? this.newOrigin(attribution) : undefined;
    let inserted = '';
    let replaced = '';
    const shadow = `v:${version}`;
    for (const change of changes) {
      const range: Range = 'range' in change ? change.range : { start: { line: 0, character: 0 }, end: this.doc.positionAt(this.doc.getText().length) };
      const offset = this.doc.offsetAt(range.start);
      const end = this.doc.offsetAt(range.end);
      const textChange = { offset, deleteLength: end - offset, text: change.text };
      if (origin && inserted.length < MAX_DIFF_TEXT) {
        inserted += change.text.slice(0, MAX_DIFF_TEXT);
        replaced += this.doc.getText().slice(offset, Math.min(end, offset + MAX_DIFF_TEXT));
      }
      // Whitespace-only changes (formatters, re-indent) keep regions whole: they need the text they change.
      this.regions = applyTextChange(this.regions, textChange, this.doc.getText(), origin?.id ?? null);
      this.recent = applyChange(this.recent, textChange, shadow);
      this.doc = TextDocument.update(this.doc, [change], version);
    }
    this.pruneRecent(version);
    if (origin) {
      origin.inserted = inserted;
      origin.replaced = replaced;
    }
    return { created: origin ? [origin] : [] };
  }

  /**
   * Records an attribution. For a version not reached yet it waits for that change; for one already applied it
   * re-labels the text that change inserted (as far as it survives). Returns the origin when applied now.
   */
  attribute(params: AttributeParams): Origin | undefined {
    if (params.version > this.doc.version) {
      this.pending.set(params.version, params);
      return undefined;
    }
    const spans = this.recent.filter((r) => r.origin === `v:${params.version}`);
    if (spans.length === 0) return undefined;
    const origin = this.newOrigin(params);
    origin.inserted = spans.map((s) => this.doc.getText().slice(s.start, s.end)).join('').slice(0, MAX_DIFF_TEXT);
    for (const span of spans) this.paint(span.start, span.end, origin.id);
    return origin;
  }

  /**
   * Text that changes the server never saw (made before the document was synced) inserted, per version, in the current
   * text: a late attribution of one of those versions finds it as it finds a recent change's.
   */
  seedRecent(spans: { version: number; start: number; end: number }[]): void {
    const seeded = spans.filter((s) => s.end > s.start && s.end <= this.doc.getText().length).map((s) => ({ origin: `v:${s.version}`, start: s.start, end: s.end }));
    this.recent = normalize([...this.recent, ...seeded]);
  }

  /** Marks [start, end) as AI text of `originId`, replacing whatever labels it had. */
  paint(start: number, end: number, originId: string): void {
    if (end <= start) return;
    // A same-length replacement labelled with the origin is exactly a repaint: region arithmetic ignores the letters.
    this.regions = applyChange(this.regions, { offset: start, deleteLength: end - start, text: ' '.repeat(end - start) }, originId);
  }

  /** Removes AI labels overlapping [start, end) (or all of `origin`); returns the origins affected. */
  unmark(start: number, end: number, origin?: string): string[] {
    const affected = new Set<string>();
    const kept: Region[] = [];
    for (const r of this.regions) {
      const hit = origin !== undefined ? r.origin === origin : r.start < end && r.end > start || (start === end && r.start <= start && start <= r.end);
      if (hit) affected.add(r.origin);
      else kept.push(r);
    }
    this.regions = kept;
    return [...affected];
  }

  /** Replaces the regions (from the ledger, re-anchored), keeping AI text labelled since the load began. */
  adopt(regions: Region[]): void {
    const live = this.regions;
    this.regions = normalize([...regions]);
    for (const r of live) this.paint(r.start, r.end, r.origin);
  }

  newOrigin(params: { source: AiSource; confidence: Confidence; tool?: string }): Origin {
    return {
      id: randomUUID(),
      source: params.source,
      confidence: params.confidence,
      time: new Date().toISOString(),
      path: this.path ?? this.uri,
      ...(params.tool ? { tool: params.tool } : {}),
    };
  }

  private pruneRecent(version: number): void {
    const oldest = version - RECENT_VERSIONS;
    if (this.recent.length > 0 && this.recent.some((r) => Number(r.origin.slice(2)) < oldest)) {
      this.recent = this.recent.filter((r) => Number(r.origin.slice(2)) >= oldest);
    }
    for (const v of this.pending.keys()) if (v <= version) this.pending.delete(v);
  }
}
