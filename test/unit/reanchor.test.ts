// Re-anchoring regions through a diff: examples for each rule, agreement with live tracking, robustness and speed.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSpaceCode } from '../../core/tracking/whitespace';
import { reanchor } from '../../core/tracking/reanchor';
import { applyChanges, normalize, type Region, type TextChange } from '../../core/tracking/regionTracker';

function assertValid(regions: readonly Region[], length: number): void {
  for (let k = 0; k < regions.length; k++) {
    const r = regions[k];
    assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), 'integer offsets');
    assert.ok(r.start >= 0 && r.start < r.end && r.end <= length, `region in bounds: ${JSON.stringify(r)}`);
    if (k > 0) {
      const p = regions[k - 1];
      assert.ok(p.end <= r.start, 'sorted and non-overlapping');
      assert.ok(p.end < r.start || p.origin !== r.origin, 'adjacent same-origin regions are merged');
    }
  }
}

/** The region covering exactly `needle` (first occurrence) in text. */
function regionOf(text: string, needle: string, origin = 'A'): Region {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${JSON.stringify(needle)} in text`);
  return { origin, start, end: start + needle.length };
}

function texts(text: string, regions: readonly Region[]): string[] {
  return regions.map((r) => `${r.origin}:${text.slice(r.start, r.end)}`);
}

describe('reanchor', () => {
  const old = 'import x\n\nfunction ai() {\n  return 42;\n}\n\nconst user = 1;\n';
  const aiBlock = 'function ai() {\n  return 42;\n}\n';

  it('keeps regions when the text is unchanged', () => {
    const regions = [regionOf(old, aiBlock)];
    assert.deepEqual(reanchor(old, old, regions), regions);
  });

  it('shifts regions when text is inserted above them', () => {
    const now = '// header\n// more\n' + old;
    assert.deepEqual(texts(now, reanchor(old, now, [regionOf(old, aiBlock)])), [`A:${aiBlock}`]);
    const crlfOld = old.replace(/\n/g, '\r\n');
    const crlfNow = 'x\r\n' + crlfOld.replace('import x', 'import y');
    const block = aiBlock.replace(/\n/g, '\r\n');
    assert.deepEqual(texts(crlfNow, reanchor(crlfOld, crlfNow, [regionOf(crlfOld, block)])), [`A:${block}`]);
  });

  it('keeps the region of a block of lines moved elsewhere', () => {
    const lines = Array.from({ length: 30 }, (_, k) => `line ${k} of user code;\n`);
    const oldText = lines.slice(0, 10).join('') + aiBlock + lines.slice(10).join('');
    const newText = lines.slice(0, 25).join('') + aiBlock + lines.slice(25).join('');
    const r = reanchor(oldText, newText, [regionOf(oldText, aiBlock)]);
    assert.deepEqual(r, [regionOf(newText, aiBlock)]);
  });

  it('keeps a moved block even when it lands next to other new lines', () => {
    const lines = Array.from({ length: 30 }, (_, k) => `line ${k} of user code;\n`);
    const oldText = lines.slice(0, 10).join('') + aiBlock + lines.slice(10).join('');
    const newText = lines.slice(0, 25).join('') + '// moved here\n' + aiBlock + '\n' + lines.slice(25).join('');
    assert.deepEqual(texts(newText, reanchor(oldText, newText, [regionOf(oldText, aiBlock)])), [`A:${aiBlock}`]);
  });

  it('drops the region of deleted text', () => {
    const now = old.replace(aiBlock, '');
    assert.deepEqual(reanchor(old, now, [regionOf(old, aiBlock)]), []);
    const partly = old.replace('  return 42;\n', '');
    assert.deepEqual(texts(partly, reanchor(old, partly, [regionOf(old, aiBlock)])), ['A:function ai() {\n}\n'], 'the pieces join again');
  });

  it('un-labels only the edited characters', () => {
    const now = old.replace('return 42;', 'return 43;');
    assert.deepEqual(texts(now, reanchor(old, now, [regionOf(old, aiBlock)])), [
      'A:function ai() {\n  return 4',
      'A:;\n}\n',
    ]);
  });

  it('keeps several origins apart', () => {
    const oldText = 'aaaa\nbbbb\ncccc\n';
    const regions = [regionOf(oldText, 'aaaa\n', 'A'), regionOf(oldText, 'bbbb\n', 'B')];
    const newText = 'zz\naaaa\nbXbb\ncccc\n';
    assert.deepEqual(texts(newText, reanchor(oldText, newText, regions)), ['A:aaaa\n', 'B:b', 'B:bb\n']);
  });

  it('agrees with live tracking for non-AI insertions and deletions when the diff is unambiguous', () => {
    // Every character is unique, deletions never remove a line break or the character before it, and
    // insertions bring fresh characters without breaks: the surviving characters are then the only
    // longest common subsequence, and lines stay distinct, so any minimal diff must find them.
    const opArb = fc.record({ pos: fc.nat(), len: fc.integer({ min: 1, max: 6 }), insert: fc.boolean() });
    const regionArb = fc.record({ origin: fc.constantFrom('A', 'B', 'C'), start: fc.nat(), len: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 2, max: 12 }),
        fc.boolean(),
        fc.array(regionArb, { maxLength: 6 }),
        fc.array(opArb, { minLength: 1, maxLength: 8 }),
        (n, lineLength, crlf, rawRegions, ops) => {
          let fresh = 0x4e00;
          const nextChar = (): string => String.fromCharCode(fresh++);
          let text = '';
          const isProtected = (t: string, k: number): boolean =>
            t[k] === '\n' || t[k] === '\r' || t[k + 1] === '\n' || t[k + 1] === '\r';
          for (let k = 0; k < n; k++) text += nextChar() + ((k + 1) % lineLength === 0 ? (crlf ? '\r\n' : '\n') : '');
          const oldText = text;
          const regions = normalize(
            rawRegions.map((r) => {
              const start = r.start % oldText.length;
              return { origin: r.origin, start, end: Math.min(oldText.length, start + r.len) };
            }),
          );
          const changes: TextChange[] = [];
          for (const op of ops) {
            const pos = op.pos % (text.length + 1);
            let c: TextChange;
            if (op.insert) {
              let ins = '';
              for (let k = 0; k < op.len; k++) ins += nextChar();
              c = { offset: pos, deleteLength: 0, text: ins };
            } else {
              let end = pos;
              while (end < text.length && end - pos < op.len && !isProtected(text, end)) end++;
              c = { offset: pos, deleteLength: end - pos, text: '' };
            }
            changes.push(c);
            text = text.slice(0, c.offset) + c.text + text.slice(c.offset + c.deleteLength);
          }
          const expected = applyChanges(regions, changes, null);
          assert.deepEqual(reanchor(oldText, text, regions), expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws and always returns valid regions within the new text', () => {
    const textArb = fc
      .array(fc.constantFrom('a', 'b', 'foo', '\n', '\r\n', '\r', '😀', ' ', '\t'), { maxLength: 40 })
      .map((p) => p.join(''));
    const anyRegion = fc.record({
      origin: fc.constantFrom('A', 'B'),
      start: fc.oneof(fc.integer({ min: -3, max: 80 }), fc.constant(Number.NaN)),
      end: fc.oneof(fc.integer({ min: -3, max: 80 }), fc.constant(Number.POSITIVE_INFINITY)),
    });
    fc.assert(
      fc.property(textArb, textArb, fc.array(anyRegion, { maxLength: 6 }), (oldText, newText, regions) => {
        const out = reanchor(oldText, newText, regions);
        assertValid(out, newText.length);
        const same = reanchor(oldText, oldText, regions);
        assertValid(same, oldText.length);
        const valid = normalize(regions.map((r) => ({ ...r, end: Math.min(r.end, oldText.length) })));
        assert.deepEqual(same, valid, 'identical text keeps every valid region');
      }),
      { numRuns: 2000 },
    );
  });

  it('labels in the new text are a sub-multiset of the labels in the old text', () => {
    // Moves and diffs may only carry an (origin, character) pair over, never invent or duplicate one. Whitespace is
    // the exception: whitespace added inside a region joins it (whitespaceTracking.test.ts checks that rule).
    const textArb = fc.array(fc.constantFrom('a', 'b', '\n', 'cd', '😀', 'line\n'), { maxLength: 30 }).map((p) => p.join(''));
    const regionArb = fc.record({ origin: fc.constantFrom('A', 'B'), start: fc.nat(60), len: fc.integer({ min: 1, max: 20 }) });
    const counts = (text: string, regions: readonly Region[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const r of regions) {
        for (let k = r.start; k < r.end; k++) {
          if (!isSpaceCode(text.charCodeAt(k))) m.set(r.origin + text[k], (m.get(r.origin + text[k]) ?? 0) + 1);
        }
      }
      return m;
    };
    fc.assert(
      fc.property(textArb, textArb, fc.array(regionArb, { maxLength: 5 }), (oldText, newText, raw) => {
        const regions = normalize(raw.map((r) => ({ origin: r.origin, start: r.start, end: Math.min(oldText.length, r.start + r.len) })));
        const before = counts(oldText, regions);
        for (const [key, n] of counts(newText, reanchor(oldText, newText, regions))) {
          assert.ok(n <= (before.get(key) ?? 0), `${JSON.stringify(key)} appears ${n} times`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is fast on a 1 MB file with a small change', function () {
    this.timeout(10_000);
    const lines = Array.from({ length: 10_000 }, (_, k) => `const value${k} = compute(${k}, "${'x'.repeat(70)}");\n`);
    const oldText = lines.join('');
    assert.ok(oldText.length > 900_000);
    const regions: Region[] = [];
    for (let k = 0; k < 10_000; k += 50) {
      const start = lines.slice(0, k).join('').length;
      regions.push({ origin: `ai-${k}`, start, end: start + lines[k].length * 3 });
    }
    const edits: Array<[string, (t: string) => string]> = [
      ['middle edit', (t) => t.replace('value5000 =', 'value5000 +=')],
      ['edits at both ends', (t) => 'top\n' + t.replace('value5000 =', 'v =') + 'bottom\n'],
      ['block moved', (t) => t.replace(lines[100] + lines[101], '') + lines[100] + lines[101]],
      ['unrelated text', (t) => t.replace(/x/g, 'y')],
      ['different file', () => Array.from({ length: 10_000 }, (_, k) => `other ${k * 7}\n`).join('')],
    ];
    for (const [name, edit] of edits) {
      const newText = edit(oldText);
      const t0 = performance.now();
      const out = reanchor(oldText, newText, regions);
      const ms = performance.now() - t0;
      assertValid(out, newText.length);
      assert.ok(ms < 1000, `${name}: ${ms.toFixed(0)} ms`);
    }
    const moved = reanchor(oldText, oldText.replace(lines[100] + lines[101], '') + lines[100] + lines[101], regions);
    assert.ok(moved.some((r) => r.origin === 'ai-100' && r.end === oldText.length), 'moved block keeps its origin');
  });
});
