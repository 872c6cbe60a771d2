// Every message that names a command names it as the command palette shows it ("Loadbearing: Mark AI Edit as
// Reviewed"): a user who types what a message says into the palette must find the command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatRefusal } from '../../core/review/commitGate';

const ROOT = path.resolve(__dirname, '../../..');

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? files(rel, ext) : ext.test(e.name) ? [rel] : [];
  });
}

describe('command names in messages', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { commands: { title: string; category?: string }[] };
  };
  const palette = new Set(pkg.contributes.commands.map((c) => `${c.category ?? 'Loadbearing'}: ${c.title}`));

  it('every "Loadbearing: …" or **Loadbearing: …** in the sources, walkthrough and README is a palette title', () => {
    const sources = [...['client', 'server', 'core', 'cli'].flatMap((d) => files(d, /\.ts$/)), ...files('media', /\.md$/), 'README.md'];
    const named: string[] = [];
    for (const rel of sources) {
      const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
      for (const m of text.matchAll(/(?:"|\*\*)(Loadbearing: [A-Z][^"*\n]*?)(?:"|\*\*)/g)) {
        named.push(m[1]);
        assert.ok(palette.has(m[1]), `${rel} names "${m[1]}", which the palette does not show; it has: ${[...palette].join(', ')}`);
      }
    }
    assert.ok(named.length >= 5, `found only ${named.length} command names: the pattern no longer matches how messages quote them`);
  });

  it('the refused commit names the palette commands and the terminal command', () => {
    const lines = formatRefusal({ pass: false, checked: 1, blocking: [{ path: 'src/a.ts', tier: 'critical', source: 'paste', confidence: 'likely', origin: 'o', startLine: 3, endLine: 4 }] });
    const quoted = lines.join('\n').match(/"Loadbearing: [^"]+"/g) ?? [];
    assert.deepEqual(quoted, ['"Loadbearing: Show Review Queue"', '"Loadbearing: Mark AI Edit as Reviewed"']);
    for (const q of quoted) assert.ok(palette.has(q.slice(1, -1)));
    assert.match(lines.join('\n'), /in a terminal: loadbearing review .*loadbearing review src\/a\.ts:3/);
  });
});
