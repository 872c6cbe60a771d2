// The user actions of the UI-freeze benchmark, on files of critical folders with AI regions in the ledger. Each phase
// prepares outside the measured window; `act` is measured and, with Loadbearing, lasts until its result shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileEntry, Origin } from '../../../core/ledger/ledger';
import { LedgerStore } from '../../../core/ledger/ledgerStore';
import { cursorAtEnd, fileUri, loadbearingDiagnostics, openEditor, waitFor, workspaceRoot } from '../helpers';

/**
 * The window a phase runs in: with Loadbearing, without it, or without it but showing the floor of what a review must
 * change on screen (see `FloorDiagnostics`).
 */
export type Mode = 'with' | 'without' | 'floor';

export interface Phase {
  name: string;
  prepare(mode: Mode): Promise<void>;
  act(mode: Mode): Promise<void>;
  cleanup(): Promise<void>;
}

// Go: highlighted like code, but no built-in extension runs a language server on it, so the only extension at work
// is Loadbearing (TypeScript's server would add its own, noisy, cost to both windows).
const TABLE = 'src/auth/permissions.go';
const TABLE_LINES = 10_000;
const TABLE_REGIONS = 500;
/** Lines from one region's start to the next; each region covers 3 lines. */
const TABLE_STEP = TABLE_LINES / TABLE_REGIONS;
const KEYSTROKES = 200;
const TYPED = 'if err != nil { return err }\n';
/** A fast typist: 20 keys a second. */
const KEY_INTERVAL_MS = 50;
const REVIEWS = 30;
/**
 * One review every 400 ms, with and without Loadbearing: a person reads before pressing the next key, and the window
 * renders each step in both runs (back to back, the run without would move 30 times in one frame and render once).
 */
const REVIEW_INTERVAL_MS = 400;

const PASTED = 'src/auth/generated.go';
const PASTE_MB = 20;

const BIG = 'src/payments/rates.go';
const BIG_LINES = 1_000_000;
const BIG_REGIONS = 100;

/** How long a step on a huge document may take on a busy machine. */
const SLOW_MS = 120_000;

/** `count` lines of `line(i)`, each ending in a newline, and `regions` 3-line regions spread evenly, as offsets. */
function linesWithRegions(count: number, regions: number, line: (i: number) => string): { text: string; entry: Omit<FileEntry, 'snapshot'> } {
  const lines = Array.from({ length: count }, (_, i) => line(i) + '\n');
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length;
  }
  const step = count / regions;
  const list = Array.from({ length: regions }, (_, r) => ({ origin: `bench-${r}`, start: starts[r * step], end: starts[r * step + 3] }));
  return { text: lines.join(''), entry: { regions: list, updated: new Date().toISOString() } };
}

/** Records regions for `rel` the way another window or the CLI would: through the ledger file, under its lock. */
async function recordRegions(rel: string, snapshot: string, entry: Omit<FileEntry, 'snapshot'>): Promise<void> {
  const time = new Date().toISOString();
  const origins: Origin[] = entry.regions.map((r) => ({ id: r.origin, source: 'paste', confidence: 'likely', time, path: rel }));
  await new LedgerStore(path.join(workspaceRoot(), '.git')).update({ files: { [rel]: { snapshot, ...entry } }, origins });
}

function flaggedCount(rel: string, count: number, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = loadbearingDiagnostics(fileUri(rel));
    return d.length === count ? d : undefined;
  }, what, SLOW_MS);
}

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

const typing: Phase = {
  name: 'typing',
  async prepare(mode) {
    const { text, entry } = linesWithRegions(TABLE_LINES, TABLE_REGIONS, (i) => `\tallow${i} := check(ctx, "permission-${i}", ${i})`);
    fs.writeFileSync(fileUri(TABLE).fsPath, text);
    await recordRegions(TABLE, text, entry);
    const editor = await openEditor(TABLE);
    if (mode === 'with') await flaggedCount(TABLE, TABLE_REGIONS, 'the table regions to show');
    if (mode === 'floor') floor = new FloorMarks(editor);
    const line = editor.document.lineAt(TABLE_LINES / 2 + 1);
    editor.selection = new vscode.Selection(line.range.end, line.range.end);
    editor.revealRange(line.range, vscode.TextEditorRevealType.InCenter);
  },
  async act(mode) {
    const started = Date.now();
    const keys = TYPED.repeat(Math.ceil(KEYSTROKES / TYPED.length)).slice(0, KEYSTROKES);
    for (let i = 0; i < keys.length; i++) {
      await sleepUntil(started + i * KEY_INTERVAL_MS);
      await vscode.commands.executeCommand('type', { text: keys[i] });
    }
    if (mode !== 'with') return;
    // Regions below the cursor moved down by the typed lines once the server has published again.
    const lastLine = (TABLE_REGIONS - 1) * TABLE_STEP + keys.split('\n').length - 1;
    await waitFor(() => loadbearingDiagnostics(fileUri(TABLE)).some((d) => d.range.start.line === lastLine), 'the regions to move', SLOW_MS);
  },
  async cleanup() {},
};

/**
 * The floor, in a window without Loadbearing: the marks the design gives each unreviewed region of a critical file,
 * put there by this test and nothing else — an error squiggle (16 collections, as Loadbearing spreads them: VS Code
 * re-creates the markers of the collection that changed), and a gutter icon, line tint and overview-ruler mark (16
 * decoration types, likewise) in Loadbearing's light-theme colors. VS Code moves them while typing; a review clears
 * one region's. Loadbearing against the floor is what its own work costs beyond showing what the design shows.
 */
class FloorMarks {
  private readonly collections = Array.from({ length: 16 }, (_, i) => vscode.languages.createDiagnosticCollection(`bench-floor-${i}`));
  private readonly types: vscode.TextEditorDecorationType[];
  /** Per bucket, the regions shown: [region, first line]. */
  private buckets: [number, number][][] = [];

  constructor(private editor: vscode.TextEditor) {
    const icon = vscode.Uri.file(path.join(path.dirname(process.env.LOADBEARING_FREEZE_SCRIPT ?? ''), '..', 'media', 'gutter-critical.svg'));
    this.types = this.collections.map(() =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        gutterIconPath: icon,
        gutterIconSize: '80%',
        backgroundColor: '#E5484D1F',
        overviewRulerColor: '#E5484DCC',
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    );
    this.showAll(editor);
  }

  /** Puts every region's marks where its text is now (typing moved the regions below the cursor). */
  showAll(editor: vscode.TextEditor): void {
    this.editor = editor;
    const document = editor.document;
    const lineOf = new Map<string, number>();
    for (let line = 0; line < document.lineCount; line++) {
      const match = /^\tallow(\d+) :=/.exec(document.lineAt(line).text);
      if (match) lineOf.set(match[1], line);
    }
    this.buckets = this.collections.map(() => []);
    for (let r = 0; r < TABLE_REGIONS; r++) {
      const first = lineOf.get(String(r * TABLE_STEP));
      if (first === undefined) throw new Error(`region ${r} not found in ${TABLE}`);
      this.buckets[r % 16].push([r, first]);
    }
    for (let b = 0; b < 16; b++) this.show(b);
  }

  clear(region: number): void {
    const bucket = region % 16;
    this.buckets[bucket] = this.buckets[bucket].filter(([r]) => r !== region);
    this.show(bucket);
  }

  private show(bucket: number): void {
    const regions = this.buckets[bucket];
    this.collections[bucket].set(
      this.editor.document.uri,
      regions.map(([r, first]) => {
        const d = new vscode.Diagnostic(new vscode.Range(first, 0, first + 3, 0), `Unreviewed AI-written code (bench floor, region ${r})`, vscode.DiagnosticSeverity.Error);
        d.source = 'bench-floor';
        return d;
      }),
    );
    this.editor.setDecorations(this.types[bucket], regions.map(([, first]) => new vscode.Range(first, 0, first + 2, 0)));
  }

  dispose(): void {
    for (const c of this.collections) c.dispose();
    for (const t of this.types) t.dispose();
  }
}

let floor: FloorMarks | undefined;

/**
 * Reviews regions one at a time with the cursor in each, as Ctrl+Alt+Enter does; without Loadbearing, only the moves;
 * in the floor window, the moves and one region's marks cleared each.
 */
const review: Phase = {
  name: 'review',
  async prepare(mode) {
    const editor = await openEditor(TABLE);
    // Where the typing left the regions (the squiggles' ranges in this test's collections are those first set).
    if (mode === 'floor') {
      if (floor) floor.showAll(editor);
      else floor = new FloorMarks(editor);
    }
  },
  async act(mode) {
    const editor = await openEditor(TABLE);
    const started = Date.now();
    for (let r = 0; r < REVIEWS; r++) {
      await sleepUntil(started + r * REVIEW_INTERVAL_MS);
      const at = new vscode.Position(r * TABLE_STEP + 1, 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      if (mode === 'floor') floor!.clear(r);
      if (mode !== 'with') continue;
      const before = loadbearingDiagnostics(editor.document.uri).length;
      await vscode.commands.executeCommand('loadbearing.reviewRegion');
      await flaggedCount(TABLE, before - 1, 'the reviewed region to clear');
    }
  },
  async cleanup() {
    floor?.dispose();
    floor = undefined;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  },
};

const pasted = `\tgenerated := lookup("x") // AI filler\n`;
const paste: Phase = {
  name: 'paste',
  async prepare() {
    fs.writeFileSync(fileUri(PASTED).fsPath, '// generated\n');
    cursorAtEnd(await openEditor(PASTED));
    await vscode.env.clipboard.writeText(pasted.repeat(Math.ceil((PASTE_MB * 1024 * 1024) / pasted.length)));
  },
  async act(mode) {
    const doc = (await openEditor(PASTED)).document;
    const lines = Math.ceil((PASTE_MB * 1024 * 1024) / pasted.length) + 2;
    await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
    await waitFor(() => doc.lineCount >= lines, 'the paste to land', SLOW_MS);
    if (mode === 'with') await flaggedCount(PASTED, 1, 'the paste to be flagged');
  },
  async cleanup() {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.env.clipboard.writeText('');
    fs.rmSync(fileUri(PASTED).fsPath);
  },
};

/** A 1,000,000-line file with regions in the ledger, one line of it edited while it was closed: re-anchored on open. */
const open: Phase = {
  name: 'open',
  async prepare() {
    const { text, entry } = linesWithRegions(BIG_LINES, BIG_REGIONS, (i) => `\trate${i} := lookup(${i}) // generated table`);
    await recordRegions(BIG, text, entry);
    // A line outside every region, so that each region survives whole.
    const edited = BIG_LINES / 2 + 5;
    fs.writeFileSync(fileUri(BIG).fsPath, text.replace(`\trate${edited} :=`, '\tedited :='));
  },
  async act(mode) {
    await openEditor(BIG);
    if (mode === 'with') await flaggedCount(BIG, BIG_REGIONS, 'the re-anchored regions to show');
  },
  async cleanup() {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  },
};

export const phases: Phase[] = [typing, review, paste, open];
