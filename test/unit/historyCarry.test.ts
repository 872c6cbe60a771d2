// The pure parts of notes across history: carrying a note's lines onto a rewritten file, the union of notes, and the
// line matching `verify` uses for squash merges.
import * as assert from 'node:assert/strict';
import { addedLines, Candidate, lineRanges, matchLines } from '../../cli/contentMatch';
import { CommitNote, NoteFile, NoteRegion, parseNote, serializeNote } from '../../core/git/gitNotes';
import { canonical, carryFile, mergeNotes } from '../../core/git/noteCarry';
import { lineHash } from '../../core/git/noteLines';

function region(startLine: number, endLine: number, acknowledged = false, origin = 'o1'): NoteRegion {
  return {
    startLine,
    endLine,
    source: 'paste',
    confidence: 'likely',
    origin,
    time: null,
    ack: acknowledged ? { reviewer: { name: 'R', email: 'r@x' }, time: '2026-01-01T00:00:00.000Z' } : null,
  };
}

const file = (regions: NoteRegion[], path = 'a.ts', tier: string | null = 'critical'): NoteFile => ({ path, tier, regions });

describe('carrying a note onto a rewritten file', () => {
  const old = 'one\ntwo\nai 1\nai 2\nai 3\nthree\n';

  it('moves lines down when lines were added above, and hashes the lines it now covers', () => {
    const { file: moved, lost } = carryFile(file([region(3, 5, true)]), old, 'new\nnew\n' + old);
    assert.deepEqual(moved.regions.map((r) => [r.startLine, r.endLine, r.ack !== null]), [[5, 7, true]]);
    assert.deepEqual(moved.regions[0].lineHashes, ['ai 1', 'ai 2', 'ai 3'].map(lineHash));
    assert.deepEqual(lost, []);
  });

  it('splits a region around a line rewritten on the way (a resolved conflict) and keeps the rest', () => {
    const { file: moved } = carryFile(file([region(3, 5)]), old, old.replace('ai 2\n', 'human fix\n'));
    assert.deepEqual(moved.regions.map((r) => [r.startLine, r.endLine]), [[3, 3], [5, 5]]);
  });

  it('reports a region whose lines are gone as lost, and follows a new path', () => {
    const { file: moved, lost } = carryFile(file([region(1, 1), region(3, 5)]), old, 'one\ntwo\nthree\n', 'b.ts');
    assert.equal(moved.path, 'b.ts');
    assert.deepEqual(moved.regions.map((r) => [r.startLine, r.endLine]), [[1, 1]]);
    assert.deepEqual(lost.map((r) => r.startLine), [3]);
  });

  it('keeps a blank line inside a region in it', () => {
    const text = 'a\nai 1\n\nai 2\nb\n';
    const { file: moved } = carryFile(file([region(2, 4)]), text, 'top\n' + text);
    assert.deepEqual(moved.regions.map((r) => [r.startLine, r.endLine]), [[3, 5]]);
  });

  it('handles CRLF files and a last line without a line break', () => {
    const crlf = 'x\r\nai\r\ny';
    const { file: moved } = carryFile(file([region(2, 3)]), crlf, 'top\r\n' + crlf);
    assert.deepEqual(moved.regions.map((r) => [r.startLine, r.endLine]), [[3, 4]]);
  });
});

describe('the union of notes', () => {
  it('keeps every region of both once, whatever the key order, sorted, with a tier from the side that has one', () => {
    const a: CommitNote = { loadbearing: 1, files: [file([region(5, 6, true), region(1, 1)], 'a.ts', null)] };
    const reordered = JSON.parse('{"ack":null,"time":null,"origin":"o1","confidence":"likely","source":"paste","endLine":1,"startLine":1}');
    const b: CommitNote = { loadbearing: 1, files: [file([reordered, region(5, 6, false)], 'a.ts'), file([region(2, 2)], 'b.tf', 'high')] };
    const merged = mergeNotes([a, b]);
    assert.deepEqual(
      merged.files.map((f) => [f.path, f.tier, f.regions.map((r) => [r.startLine, r.ack !== null])]),
      [
        ['a.ts', 'critical', [[1, false], [5, true], [5, false]]],
        ['b.tf', 'high', [[2, false]]],
      ],
    );
    assert.deepEqual(parseNote(serializeNote(merged)), merged, 'the union is a valid note');
    assert.equal(canonical(mergeNotes([merged, a, b])), canonical(merged), 'merging again changes nothing');
  });
});

describe('matching AI lines by content', () => {
  const candidate = (lines: string[], acknowledged: boolean, commit = 'c1'): Candidate => ({
    commit,
    path: 'a.ts',
    region: region(1, lines.length, acknowledged),
    hashes: lines.map(lineHash),
  });

  it('finds the added lines of a commit', () => {
    assert.deepEqual(addedLines('a\nb\nc\n', 'a\nX\nb\nc\nY\n'), [2, 5]);
    assert.deepEqual(addedLines(undefined, 'a\nb\n'), [1, 2]);
  });

  it('matches a block of lines among the eligible ones, ignores blank lines, reports a partly found region', () => {
    const text = 'human\n  ai one\n\nai two\nother\n';
    const m = matchLines(text, [1, 2, 3, 4, 5], [candidate(['ai one', '', 'ai two', 'ai three'], false)]);
    assert.deepEqual([...m.lines.keys()].sort(), [2, 4], 'indentation ignored, blank line not claimed');
    assert.deepEqual(m.partial.map((p) => p.missing), [1]);
    assert.deepEqual(lineRanges([4, 2, 3, 7]), [{ startLine: 2, endLine: 4 }, { startLine: 7, endLine: 7 }]);
  });

  it('only looks at eligible lines, and counts a line as reviewed when any note that has it acknowledged it', () => {
    const text = 'ai one\nai one\n';
    assert.equal(matchLines(text, [], [candidate(['ai one'], false)]).lines.size, 0);
    const m = matchLines(text, [2], [candidate(['ai one'], false, 'c1'), candidate(['ai one'], true, 'c2')]);
    assert.deepEqual([...m.lines], [[2, { acknowledged: true, source: 'paste', commit: 'c2' }]]);
  });
});
