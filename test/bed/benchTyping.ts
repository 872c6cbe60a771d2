// Keystroke scenarios: what the language server does on every keystroke (move regions through the change) and after
// typing pauses (describe regions, build diagnostics), in a large file with many AI regions.
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeRegions, toDiagnostics } from '../../server/regionInfo';
import { TrackedDocument } from '../../server/trackedDocument';
import { emptyLedger } from '../../core/ledger/ledger';
import { regionsForText } from '../../core/ledger/regionView';
import { ScenarioResult } from './benchStats';

const LINES = 10_000;
const REGIONS = 500;
const KEYSTROKES = 3000;

function bigDocument(): TrackedDocument {
  const text = Array.from({ length: LINES }, (_, i) => `  const value${i} = compute(${i}, "some text on line ${i}");`).join('\n') + '\n';
  const tracked = new TrackedDocument(TextDocument.create('file:///bench/big.ts', 'typescript', 1, text), 'src/auth/big.ts');
  const doc = tracked.doc;
  const step = Math.floor(LINES / REGIONS);
  for (let r = 0; r < REGIONS; r++) {
    const start = doc.offsetAt({ line: r * step, character: 0 });
    const end = doc.offsetAt({ line: r * step + 3, character: 0 });
    tracked.paint(start, end, `origin-${r}`);
  }
  return tracked;
}

/** Deterministic pseudo-random positions, the same for the subject and the baseline. */
function positions(): { line: number; character: number }[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: KEYSTROKES }, () => ({ line: Math.floor(next() * LINES), character: 2 + Math.floor(next() * 10) }));
}

export async function keystrokeScenario(): Promise<ScenarioResult> {
  const tracked = bigDocument();
  let plain = TextDocument.create('file:///bench/plain.ts', 'typescript', 1, tracked.doc.getText());
  const samples: number[] = [];
  const baseline: number[] = [];
  let version = 1;
  for (const position of positions()) {
    version++;
    const change = { range: { start: position, end: position }, text: 'x' };
    let t = performance.now();
    tracked.applyChanges([change], version);
    samples.push(performance.now() - t);
    t = performance.now();
    plain = TextDocument.update(plain, [change], version);
    baseline.push(performance.now() - t);
  }
  return {
    name: `keystroke in a ${LINES / 1000}k-line file with ${REGIONS} regions`,
    unit: 'ms',
    samples,
    baselineName: 'TextDocument.update alone',
    baseline,
    notes: [`${tracked.regions.length} regions after ${KEYSTROKES} keystrokes`],
  };
}

export async function publishScenario(): Promise<ScenarioResult> {
  const tracked = bigDocument();
  const ledger = emptyLedger();
  const samples: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 200; i++) {
    let t = performance.now();
    toDiagnostics(describeRegions(tracked, ledger, { tier: 'critical', rule: '.loadbearing:3' }));
    samples.push(performance.now() - t);
    t = performance.now();
    // What any diagnostics producer pays at least: one position conversion per region boundary.
    for (const r of tracked.regions) {
      tracked.doc.positionAt(r.start);
      tracked.doc.positionAt(r.end);
    }
    baseline.push(performance.now() - t);
  }
  return {
    name: `publish ${REGIONS} regions (diagnostics + client data)`,
    unit: 'ms',
    samples,
    baselineName: 'positionAt per boundary',
    baseline,
  };
}

/** A 20 MB paste attributed to AI: the server's cost to take it in, against applying the same change to a plain document. */
export async function hugePasteScenario(): Promise<ScenarioResult> {
  const paste = 'const generated = "x";\n'.repeat(Math.ceil((20 * 1024 * 1024) / 23));
  const samples: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    const tracked = new TrackedDocument(TextDocument.create('file:///bench/huge.ts', 'typescript', 1, 'start\n'), 'src/auth/huge.ts');
    tracked.attribute({ uri: tracked.uri, version: 2, source: 'paste', confidence: 'likely' });
    let t = performance.now();
    tracked.applyChanges([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: paste }], 2);
    samples.push(performance.now() - t);
    const plain = TextDocument.create('file:///bench/plain.ts', 'typescript', 1, 'start\n');
    t = performance.now();
    TextDocument.update(plain, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: paste }], 2);
    baseline.push(performance.now() - t);
  }
  return { name: 'take in a 20 MB AI paste', unit: 'ms', samples, baselineName: 'TextDocument.update alone', baseline };
}

/** Opening a 1,000,000-line file whose ledger snapshot differs by one edited line: re-anchoring its regions. */
export async function millionLineOpenScenario(): Promise<ScenarioResult> {
  const lines = Array.from({ length: 1_000_000 }, (_, i) => `line ${i} of a very large generated file`);
  const snapshot = lines.join('\n') + '\n';
  lines[500_000] = 'an edited line';
  const text = lines.join('\n') + '\n';
  const ledger = emptyLedger();
  const regions = Array.from({ length: 100 }, (_, r) => ({ origin: `o${r}`, start: r * 300_000, end: r * 300_000 + 50 }));
  ledger.files['big.txt'] = { snapshot, regions, updated: 'x' };
  const samples: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    regionsForText(ledger, 'big.txt', text);
    samples.push(performance.now() - t);
    t = performance.now();
    TextDocument.create('file:///bench/big.txt', 'plaintext', 1, text).positionAt(text.length);
    baseline.push(performance.now() - t);
  }
  return { name: 'open a 1M-line file changed while closed (re-anchor)', unit: 'ms', samples, baselineName: 'TextDocument.create + positionAt', baseline };
}
