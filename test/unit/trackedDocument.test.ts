// The server's per-document tracking: attributions apply to exactly the version they name, early or late, and
// ranges are right with CRLF line breaks and astral characters.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diffChars } from 'diff';
import { emptyLedger, reviewHash } from '../../core/ledger/ledger';
import { describeRegions } from '../../server/regionInfo';
import { TrackedDocument } from '../../server/trackedDocument';

function doc(text: string): TrackedDocument {
  return new TrackedDocument(TextDocument.create('file:///repo/src/auth/a.ts', 'typescript', 1, text), 'src/auth/a.ts');
}

/** The text of each region (a function, so that assertions on `regions` do not narrow its type). */
function regionTexts(t: TrackedDocument): string[] {
  const text = t.doc.getText();
  return t.regions.map((r) => text.slice(r.start, r.end));
}

const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, character: number, text: string) => ({ range: { start: at(line, character), end: at(line, character) }, text });

describe('tracked document', () => {
  it('an attribution sent before its change labels exactly that change', () => {
    const t = doc('one\ntwo\n');
    t.attribute({ uri: t.uri, version: 3, source: 'paste', confidence: 'likely' });
    t.applyChanges([insert(0, 0, 'typed ')], 2);
    assert.deepEqual(t.regions, [], 'version 2 is the user typing');
    const { created } = t.applyChanges([insert(1, 0, 'pasted\n')], 3);
    assert.equal(created.length, 1);
    assert.deepEqual(regionTexts(t), ['pasted\n']);
  });

  it('an attribution arriving after later changes still finds the text its version inserted', () => {
    const t = doc('one\ntwo\n');
    t.applyChanges([insert(1, 0, 'pasted line\n')], 2);
    t.applyChanges([insert(0, 0, 'typed above\n')], 3);
    t.applyChanges([insert(2, 6, ' typed inside')], 4);
    const origin = t.attribute({ uri: t.uri, version: 2, source: 'chat', confidence: 'likely' });
    assert.ok(origin);
    assert.deepEqual(
      regionTexts(t),
      ['pasted', ' line\n'],
      'the pasted text, split by what was typed inside it later',
    );
  });

  it('reports lines right with CRLF and astral characters', () => {
    const t = doc('a😀b\r\nsecond\r\n');
    t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' });
    t.applyChanges([insert(1, 0, '🚀 x\r\ny 😀\r\n')], 2);
    const [info] = describeRegions(t, emptyLedger(), { tier: 'critical' });
    assert.deepEqual(info.range, { start: at(1, 0), end: at(3, 0) });
    assert.deepEqual(regionTexts(t), ['🚀 x\r\ny 😀\r\n']);
  });

  it('an attribution for a version too old to know is ignored, not misapplied', () => {
    const t = doc('x\n');
    for (let v = 2; v < 50; v++) t.applyChanges([insert(0, 0, 'k')], v);
    assert.equal(t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' }), undefined);
    assert.deepEqual(t.regions, []);
  });

  it('whitespace-only AI text is tracked but not shown', () => {
    const t = doc('x\n');
    t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' });
    t.applyChanges([insert(1, 0, '\n\n   \n')], 2);
    assert.equal(t.regions.length, 1);
    assert.deepEqual(describeRegions(t, emptyLedger(), { tier: 'critical' }), []);
  });

  describe('formatting', () => {
    const ugly = 'user();\nif(a){go()}\nconst x=[1,2];\nuser();\n';
    const formatted = 'user();\nif (a) {\n  go()\n}\nconst x = [1, 2];\nuser();\n';

    /** A reviewed paste of lines 2-3 and the ledger that holds its review. */
    function reviewedPaste(): { t: TrackedDocument; ledger: ReturnType<typeof emptyLedger> } {
      const t = doc('user();\nuser();\n');
      t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' });
      t.applyChanges([insert(1, 0, 'if(a){go()}\nconst x=[1,2];\n')], 2);
      const ledger = emptyLedger();
      const [region] = t.regions;
      ledger.acks.push({ origin: region.origin, textHash: reviewHash(regionTexts(t)[0], 'src/auth/a.ts'), path: 'src/auth/a.ts', reviewer: { name: 'R', email: 'r@x' }, time: 't' });
      return { t, ledger };
    }

    it("VS Code's minimal format edits in one didChange keep one reviewed region on its lines", () => {
      const { t, ledger } = reviewedPaste();
      assert.equal(t.doc.getText(), ugly);
      // Minimal edits as a formatter sends them: last first, each in the coordinates of the original text.
      const edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
      let offset = 0;
      for (const part of diffChars(ugly, formatted)) {
        if (part.added) edits.push({ range: { start: t.doc.positionAt(offset), end: t.doc.positionAt(offset) }, text: part.value });
        else if (part.removed) {
          edits.push({ range: { start: t.doc.positionAt(offset), end: t.doc.positionAt(offset + part.value.length) }, text: '' });
          offset += part.value.length;
        } else offset += part.value.length;
      }
      assert.ok(edits.length > 5);
      t.applyChanges(edits.reverse(), 3);
      assert.equal(t.doc.getText(), formatted);
      assert.deepEqual(regionTexts(t), ['if (a) {\n  go()\n}\nconst x = [1, 2];\n']);
      const infos = describeRegions(t, ledger, { tier: 'critical' });
      assert.equal(infos.length, 1);
      assert.deepEqual(infos[0].range, { start: at(1, 0), end: at(5, 0) });
      assert.equal(infos[0].reviewed, true);
    });

    it('a formatter replacing the whole document does the same; a real edit then voids the review', () => {
      const { t, ledger } = reviewedPaste();
      t.applyChanges([{ text: formatted }], 3);
      const [info] = describeRegions(t, ledger, { tier: 'critical' });
      assert.deepEqual(regionTexts(t), ['if (a) {\n  go()\n}\nconst x = [1, 2];\n']);
      assert.equal(info.reviewed, true);
      t.applyChanges([insert(2, 5, '1')], 4);
      assert.equal(t.regions.length, 2, 'typing inside still splits');
      assert.ok(describeRegions(t, ledger, { tier: 'critical' }).every((i) => !i.reviewed));
    });
  });
});
