// Binary and UTF-16 files in a load-bearing folder, through the real CLI on a real repository: a region recorded in a
// binary is gated, and a review covers exactly the bytes reviewed (bytes that are not UTF-8 must not all read as U+FFFD);
// files are read as VS Code reads them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodeFileText } from '../../core/tracking/fileText';
import { POLICY, TestRepo } from './helpers/gitFixture';

/** A PNG's first bytes, as "lines": the signature (ending \r\n), NUL bytes, bytes that are not UTF-8. */
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, // line 1: \x89PNG\r\n
  0x1a, 0x0a, // line 2
  0x00, 0x00, 0x00, 0x10, 0x49, 0x48, 0x44, 0x52, 0x0a, // line 3: IHDR chunk length and type
  0xff, 0xfe, 0x00, 0x80, 0xc3, 0x0a, // line 4: not UTF-8 (bytes 17-22)
  0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82, // line 5: IEND, no line break
]);

describe('binary files', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': 'export {};\n' });
    fs.writeFileSync(repo.path('src/auth/logo.png'), PNG);
  });

  function stageBytes(bytes: Buffer): void {
    fs.writeFileSync(repo.path('src/auth/logo.png'), bytes);
    repo.git('add', 'src/auth/logo.png');
  }

  it('a region marked in a binary file is gated at its lines and listed by status', () => {
    const marked = repo.cli(['mark', 'src/auth/logo.png', '--lines', '3-4', '--source', 'agent']);
    assert.equal(marked.code, 0, marked.err);
    repo.git('add', 'src/auth/logo.png');
    const check = repo.cli(['check', '--staged']);
    assert.equal(check.code, 1, check.out + check.err);
    assert.match(check.out, /^src\/auth\/logo\.png:3-4  critical  agent$/m);
    const [row] = JSON.parse(repo.cli(['status', '--json']).out) as { path: string; startLine: number; endLine: number; tier: string }[];
    assert.deepEqual([row.path, row.startLine, row.endLine, row.tier], ['src/auth/logo.png', 3, 4, 'critical']);
  });

  it('a review covers the bytes reviewed: changing a byte that is not UTF-8 inside the region gates the commit again', () => {
    assert.equal(repo.cli(['mark', 'src/auth/logo.png', '--lines', '3-4', '--source', 'agent']).code, 0);
    const reviewed = repo.cli(['review', 'src/auth/logo.png:3', '--yes']);
    assert.equal(reviewed.code, 0, reviewed.err);
    stageBytes(PNG);
    assert.equal(repo.cli(['check', '--staged']).code, 0, 'reviewed as it is');

    // 0xff → 0xfe on line 4: both bytes are invalid UTF-8, so a lossy decoding would read the same text.
    const changed = Buffer.from(PNG);
    changed[17] = 0xfe;
    stageBytes(changed);
    const check = repo.cli(['check', '--staged']);
    assert.equal(check.code, 1, 'the changed bytes were never reviewed');
    // The changed byte is no longer the AI's (re-anchoring gives it to whoever changed it): what is left is unreviewed.
    assert.match(check.out, /^src\/auth\/logo\.png:3-3  critical  agent$/m);
  });

  it('a change outside the region keeps its review', () => {
    assert.equal(repo.cli(['mark', 'src/auth/logo.png', '--lines', '3-4', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['review', 'src/auth/logo.png:3', '--yes']).code, 0);
    const changed = Buffer.from(PNG);
    changed[PNG.length - 1] = 0x83; // line 5, after the region
    stageBytes(changed);
    const check = repo.cli(['check', '--staged']);
    assert.equal(check.code, 0, check.out);
  });

  it('decodeFileText: UTF-8 text as VS Code reads it; binary content byte for byte, with the same lines', () => {
    const text = 'const a = "é😀";\r\nline 2\n';
    assert.equal(decodeFileText(Buffer.from(text, 'utf8')), text);
    const decoded = decodeFileText(PNG);
    assert.equal(decoded.length, PNG.length, 'one character per byte');
    assert.deepEqual(Buffer.from(decoded, 'latin1'), PNG);
    assert.equal(decoded.split(/\r\n|\r|\n/).length, PNG.toString('utf8').split(/\r\n|\r|\n/).length);
  });

  it('decodeFileText: UTF-16 (little and big endian) and UTF-8 after a byte order mark, without the mark, as VS Code shows it', () => {
    const text = 'const a = "é😀";\nline 2\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    assert.equal(decodeFileText(Buffer.concat([Buffer.from([0xff, 0xfe]), le])), text);
    assert.equal(decodeFileText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), text);
    assert.equal(decodeFileText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), text);
  });
});
