// Predicting where VS Code moves whole-line decorations: certain moves are predicted, anything else is unsure.
import * as assert from 'node:assert/strict';
import { moveLines } from '../../core/tracking/lineMoves';

describe('moveLines (decorations VS Code already moved)', () => {
  const at = (startLine: number, startCharacter: number, endLine: number, addedLines: number) => ({ startLine, startCharacter, endLine, addedLines });

  it('a line typed above moves the decoration down by one, a line deleted above moves it up', () => {
    assert.deepEqual(moveLines([10, 12], at(5, 7, 5, 1)), [11, 13]);
    assert.deepEqual(moveLines([10, 12], at(4, 3, 5, 0)), [9, 11]);
    assert.deepEqual(moveLines([10, 12], at(2, 0, 9, 3)), [6, 8]);
  });

  it('a change after the decoration leaves it where it is', () => {
    assert.deepEqual(moveLines([10, 12], at(13, 0, 13, 1)), [10, 12]);
    assert.deepEqual(moveLines([10, 12], at(12, 4, 12, 1)), [10, 12]);
  });

  it('typing or deleting within one line moves no line, inside the decoration or not', () => {
    assert.deepEqual(moveLines([10, 12], at(11, 2, 11, 0)), [10, 12]);
    assert.deepEqual(moveLines([10, 12], at(10, 0, 10, 0)), [10, 12], 'at its first line start');
    assert.deepEqual(moveLines([10, 12], at(12, 0, 12, 0)), [10, 12], 'at its end');
    assert.deepEqual(moveLines([10, 12], at(3, 1, 3, 0)), [10, 12], 'above');
    assert.equal(moveLines(null, at(11, 2, 11, 0)), null, 'unsure stays unsure');
  });

  it('a line break inside, on its first line, or at its end boundary is unsure', () => {
    assert.equal(moveLines([10, 12], at(11, 2, 11, 1)), null);
    assert.equal(moveLines([10, 12], at(10, 0, 10, 1)), null);
    assert.equal(moveLines([10, 12], at(12, 0, 12, 1)), null);
    assert.equal(moveLines([10, 12], at(9, 4, 10, 0)), null, 'a deletion ending on its first line');
    assert.equal(moveLines(null, at(1, 0, 1, 1)), null, 'unsure stays unsure');
  });
});
