// Changes made before the server synced a document (it was starting): the client hands over the text they inserted
// with the document's didOpen, and attributions of those versions label it like a change the server saw.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TrackedDocument } from '../../server/trackedDocument';

const PASTED = 'export const a = 1;\nexport const b = 2;\n';

/** A document opened at version 3 whose text already holds a paste made at version 2 and typing at version 3. */
function openedAfterStartup(): { t: TrackedDocument; start: number } {
  const text = `// head\n${PASTED}typed\n`;
  const t = new TrackedDocument(TextDocument.create('file:///repo/src/auth/a.ts', 'typescript', 3, text), 'src/auth/a.ts');
  return { t, start: text.indexOf(PASTED) };
}

describe('changes before the server synced a document', () => {
  it('an attribution of a version before the didOpen labels the text that version inserted', () => {
    const { t, start } = openedAfterStartup();
    t.seedRecent([
      { version: 2, start, end: start + PASTED.length },
      { version: 3, start: start + PASTED.length, end: start + PASTED.length + 6 },
    ]);
    const origin = t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' });
    assert.ok(origin, 'the attribution is applied');
    assert.deepEqual(t.regions.map((r) => t.doc.getText().slice(r.start, r.end)), [PASTED], 'exactly the pasted text, not the typing after it');
  });

  it('without the handed-over text the same attribution finds nothing to label (what was lost before)', () => {
    const { t } = openedAfterStartup();
    assert.equal(t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' }), undefined);
    assert.deepEqual(t.regions, []);
  });

  it('spans beyond the text are ignored, not applied to the wrong place', () => {
    const { t } = openedAfterStartup();
    t.seedRecent([{ version: 2, start: 5, end: 10_000 }]);
    assert.equal(t.attribute({ uri: t.uri, version: 2, source: 'paste', confidence: 'likely' }), undefined);
  });
});
