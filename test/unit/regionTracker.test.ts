// Region tracking checked against a per-character oracle (property-based) and the rules in DESIGN.md (examples).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyChange,
  applyChanges,
  lineRangeOf,
  normalize,
  regionAt,
  touchedOrigins,
  type Region,
  type TextChange,
} from '../../core/tracking/regionTracker';

/** The oracle: every UTF-16 unit carries the origin that inserted it, or null. */
interface Doc {
  text: string;
  labels: (string | null)[];
}

function oracleApply(doc: Doc, c: TextChange, origin: string | null): Doc {
  const inserted = Array.from({ length: c.text.length }, () => origin);
  const labels = doc.labels.slice();
  labels.splice(c.offset, c.deleteLength, ...inserted);
  return { text: doc.text.slice(0, c.offset) + c.text + doc.text.slice(c.offset + c.deleteLength), labels };
}

function runs(labels: readonly (string | null)[]): Region[] {
  const out: Region[] = [];
  for (let k = 0; k < labels.length; ) {
    const l = labels[k];
    const start = k;
    while (k < labels.length && labels[k] === l) k++;
    if (l !== null) out.push({ origin: l, start, end: k });
  }
  return out;
}

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

const pieces = ['a', 'b', 'xyz', ' ', '\n', '\r\n', '\r', '😀', 'é'];
const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((p) => p.join(''));
const originArb = fc.option(fc.constantFrom('ai-1', 'ai-2', 'ai-3'), { nil: null, freq: 3 });
/** Positions and lengths are fractions, resolved against the document as it is when the change applies. */
const rawChangeArb = fc.record({ pos: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(8), text: textArb });
const stepArb = fc.record({ origin: originArb, changes: fc.array(rawChangeArb, { minLength: 1, maxLength: 4 }) });

function resolve(textLength: number, raw: { pos: number; del: number; text: string }): TextChange {
  const offset = Math.min(textLength, Math.floor(raw.pos * (textLength + 1)));
  return { offset, deleteLength: Math.min(raw.del, textLength - offset), text: raw.text };
}

function oracleTouched(doc: Doc, c: TextChange): Set<string> {
  const out = new Set<string>();
  for (let k = c.offset; k < c.offset + c.deleteLength; k++) {
    const l = doc.labels[k];
    if (l !== null) out.add(l);
  }
  const before = doc.labels[c.offset - 1];
  if (c.text.length > 0 && c.offset > 0 && before != null && before === doc.labels[c.offset]) out.add(before);
  return out;
}

function oracleRegionAt(regions: readonly Region[], offset: number): Region | undefined {
  return regions.find((r) => r.start <= offset && offset < r.end) ?? regions.find((r) => r.end === offset);
}

describe('regionTracker', () => {
  describe('against the per-character oracle', () => {
    it('matches oracle runs for random single changes and change lists', () => {
      fc.assert(
        fc.property(textArb, fc.array(stepArb, { maxLength: 20, size: 'medium' }), (initial, steps) => {
          let doc: Doc = { text: initial, labels: Array.from({ length: initial.length }, () => null) };
          let regions: Region[] = [];
          for (const step of steps) {
            const changes: TextChange[] = [];
            const before = regions;
            if (step.changes.length === 1) {
              const c = resolve(doc.text.length, step.changes[0]);
              assert.deepEqual(touchedOrigins(regions, c), oracleTouched(doc, c));
              regions = applyChange(regions, c, step.origin);
              doc = oracleApply(doc, c, step.origin);
            } else {
              for (const raw of step.changes) {
                const c = resolve(doc.text.length, raw);
                changes.push(c);
                doc = oracleApply(doc, c, step.origin);
              }
              regions = applyChanges(regions, changes, step.origin);
            }
            assert.notEqual(regions, before, 'returns a new array');
            assertValid(regions, doc.text.length);
            assert.deepEqual(regions, runs(doc.labels));
          }
          for (let o = 0; o <= doc.text.length; o++) {
            assert.deepEqual(regionAt(regions, o), oracleRegionAt(regions, o));
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('never mutates its input', () => {
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 1, maxLength: 6 }), (steps) => {
          let regions: Region[] = [];
          let length = 0;
          for (const step of steps) {
            const frozen = Object.freeze(regions.map((r) => Object.freeze({ ...r })));
            const changes = step.changes.map((raw) => {
              const c = resolve(length, raw);
              length += c.text.length - c.deleteLength;
              return c;
            });
            regions = applyChanges(frozen, changes, step.origin);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('rules', () => {
    const one: Region[] = [{ origin: 'A', start: 10, end: 20 }];

    it('moves a region with edits above it', () => {
      assert.deepEqual(applyChange(one, { offset: 0, deleteLength: 0, text: 'xyz' }, null), [
        { origin: 'A', start: 13, end: 23 },
      ]);
      assert.deepEqual(applyChange(one, { offset: 2, deleteLength: 5, text: '' }, null), [
        { origin: 'A', start: 5, end: 15 },
      ]);
    });

    it('splits a region when the user types inside it', () => {
      assert.deepEqual(applyChange(one, { offset: 15, deleteLength: 0, text: 'u' }, null), [
        { origin: 'A', start: 10, end: 15 },
        { origin: 'A', start: 16, end: 21 },
      ]);
    });

    it('does not extend a region when typing at its boundary', () => {
      assert.deepEqual(applyChange(one, { offset: 20, deleteLength: 0, text: 'u' }, null), one);
      assert.deepEqual(applyChange(one, { offset: 10, deleteLength: 0, text: 'u' }, null), [
        { origin: 'A', start: 11, end: 21 },
      ]);
    });

    it('shrinks a region when part of it is deleted and removes it when all is', () => {
      assert.deepEqual(applyChange(one, { offset: 18, deleteLength: 5, text: '' }, null), [
        { origin: 'A', start: 10, end: 18 },
      ]);
      assert.deepEqual(applyChange(one, { offset: 10, deleteLength: 10, text: '' }, null), []);
      assert.deepEqual(applyChange(one, { offset: 5, deleteLength: 20, text: 'xx' }, null), []);
    });

    it('merges two pieces of the same origin when the user text between them is deleted', () => {
      const split = applyChange(one, { offset: 15, deleteLength: 0, text: 'user' }, null);
      assert.deepEqual(applyChange(split, { offset: 15, deleteLength: 4, text: '' }, null), one);
    });

    it('keeps adjacent AI text of different origins apart, and joins same-origin insertions', () => {
      const two = applyChange(one, { offset: 20, deleteLength: 0, text: 'bbb' }, 'B');
      assert.deepEqual(two, [
        { origin: 'A', start: 10, end: 20 },
        { origin: 'B', start: 20, end: 23 },
      ]);
      assert.deepEqual(applyChange(one, { offset: 20, deleteLength: 0, text: 'aa' }, 'A'), [
        { origin: 'A', start: 10, end: 22 },
      ]);
      assert.deepEqual(regionAt(two, 20), { origin: 'B', start: 20, end: 23 }, 'the region after the cursor wins');
      assert.deepEqual(regionAt(two, 23), { origin: 'B', start: 20, end: 23 }, 'cursor at end counts');
      assert.equal(regionAt(two, 9), undefined);
      assert.equal(regionAt(two, 24), undefined);
    });

    it('replaces text overlapping a region boundary', () => {
      const r = applyChange(one, { offset: 5, deleteLength: 8, text: 'new' }, null);
      assert.deepEqual(r, [{ origin: 'A', start: 8, end: 15 }]);
      const ai = applyChange(one, { offset: 18, deleteLength: 4, text: 'cc' }, 'C');
      assert.deepEqual(ai, [
        { origin: 'A', start: 10, end: 18 },
        { origin: 'C', start: 18, end: 20 },
      ]);
    });

    it('applies a change list sequentially', () => {
      const r = applyChanges(
        one,
        [
          { offset: 0, deleteLength: 0, text: 'abc' }, // region now [13, 23)
          { offset: 13, deleteLength: 2, text: '' }, // [13, 21)
          { offset: 21, deleteLength: 0, text: 'zz' },
        ],
        'A',
      );
      assert.deepEqual(r, [
        { origin: 'A', start: 0, end: 3 },
        { origin: 'A', start: 13, end: 23 },
      ]);
    });

    it('reports the origins whose text a change alters', () => {
      const two: Region[] = [
        { origin: 'A', start: 0, end: 5 },
        { origin: 'B', start: 5, end: 10 },
      ];
      assert.deepEqual(touchedOrigins(two, { offset: 5, deleteLength: 0, text: 'x' }), new Set());
      assert.deepEqual(touchedOrigins(two, { offset: 3, deleteLength: 0, text: 'x' }), new Set(['A']));
      assert.deepEqual(touchedOrigins(two, { offset: 4, deleteLength: 2, text: '' }), new Set(['A', 'B']));
      assert.deepEqual(touchedOrigins(two, { offset: 10, deleteLength: 3, text: 'y' }), new Set());
    });
  });

  describe('normalize', () => {
    it('sorts, drops empty ranges and merges touching same-origin ranges', () => {
      const input: Region[] = [
        { origin: 'B', start: 8, end: 9 },
        { origin: 'A', start: 3, end: 5 },
        { origin: 'A', start: 0, end: 3 },
        { origin: 'A', start: 6, end: 6 },
        { origin: 'B', start: 9, end: 12 },
        { origin: 'C', start: 12, end: 13 },
      ];
      assert.deepEqual(normalize(input), [
        { origin: 'A', start: 0, end: 5 },
        { origin: 'B', start: 8, end: 12 },
        { origin: 'C', start: 12, end: 13 },
      ]);
    });

    it('always yields valid regions, whatever the input', () => {
      const regionArb = fc.record({ origin: fc.constantFrom('A', 'B'), start: fc.integer({ min: -5, max: 40 }), end: fc.integer({ min: -5, max: 40 }) });
      fc.assert(
        fc.property(fc.array(regionArb, { maxLength: 10 }), (input) => {
          const out = normalize(input);
          assertValid(out, Infinity);
          for (const r of out) {
            for (let k = r.start; k < r.end; k++) {
              assert.ok(input.some((i) => i.origin === r.origin && i.start <= k && k < i.end), 'covers only input text');
            }
          }
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('lineRangeOf', () => {
    const reg = (start: number, end: number): Region => ({ origin: 'A', start, end });

    it('works with LF, CRLF, lone CR and a last line without a newline', () => {
      const lf = 'ab\ncd\nef';
      assert.deepEqual(lineRangeOf(lf, reg(0, 2)), { startLine: 0, endLine: 0 });
      assert.deepEqual(lineRangeOf(lf, reg(0, 3)), { startLine: 0, endLine: 0 }, 'ends right after a break');
      assert.deepEqual(lineRangeOf(lf, reg(1, 4)), { startLine: 0, endLine: 1 });
      assert.deepEqual(lineRangeOf(lf, reg(6, 8)), { startLine: 2, endLine: 2 }, 'last line, no newline');
      const crlf = 'ab\r\ncd\r\nef';
      assert.deepEqual(lineRangeOf(crlf, reg(0, 4)), { startLine: 0, endLine: 0 });
      assert.deepEqual(lineRangeOf(crlf, reg(3, 5)), { startLine: 0, endLine: 1 });
      assert.deepEqual(lineRangeOf(crlf, reg(4, 10)), { startLine: 1, endLine: 2 });
      assert.deepEqual(lineRangeOf(crlf, reg(2, 3)), { startLine: 0, endLine: 0 }, 'between CR and LF');
      const cr = 'ab\rcd\ref';
      assert.deepEqual(lineRangeOf(cr, reg(3, 5)), { startLine: 1, endLine: 1 });
      assert.deepEqual(lineRangeOf(cr, reg(0, 9)), { startLine: 0, endLine: 2 });
      const mixed = 'a\r\n\r\rb\n';
      assert.deepEqual(lineRangeOf(mixed, reg(5, 7)), { startLine: 3, endLine: 3 });
    });

    it('matches a line-splitting oracle', () => {
      const t = fc.array(fc.constantFrom('a', 'b', '\n', '\r', '\r\n'), { minLength: 1, maxLength: 30 }).map((p) => p.join(''));
      fc.assert(
        fc.property(t, fc.nat(), fc.nat(), (text, x, y) => {
          const start = x % text.length;
          const end = start + 1 + (y % (text.length - start));
          const breakEnds = [...text.matchAll(/\r\n|\r|\n/g)].map((m) => m.index + m[0].length);
          const lineOfPos = (p: number): number => breakEnds.filter((e) => e <= p).length;
          assert.deepEqual(lineRangeOf(text, reg(start, end)), { startLine: lineOfPos(start), endLine: lineOfPos(end - 1) });
        }),
        { numRuns: 1000 },
      );
    });
  });
});
