// The house's layering, read from the sources: no import loop anywhere, and every arrow points down (core below
// client, server and cli; core never imports `vscode`; client, server and cli never import each other).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const LAYERS = ['core', 'client', 'server', 'cli'] as const;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every `import … from`, `export … from` and `import()` specifier of a file. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return [`${base}.ts`, `${base}/index.ts`].find((f) => fs.existsSync(path.join(root, f)));
}

const files = LAYERS.flatMap((layer) => sources(layer));
const graph = new Map(files.map((f) => {
  const specs = specifiers(fs.readFileSync(path.join(root, f), 'utf8'));
  return [f, { specs, deps: specs.map((s) => resolve(f, s)).filter((d): d is string => d !== undefined) }];
}));

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function importLoops(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.deps ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.deps.includes(v)) loops.push(component.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return loops;
}

describe('layering', () => {
  it('reads a real tree: every layer has sources, and relative imports resolve', () => {
    for (const layer of LAYERS) assert.ok(files.some((f) => f.startsWith(`${layer}/`)), `${layer}/ has sources`);
    const unresolved = [...graph].flatMap(([f, { specs }]) => specs.filter((s) => s.startsWith('.') && !resolve(f, s)).map((s) => `${f}: ${s}`));
    assert.deepEqual(unresolved, []);
  });

  it('has no import loop in core/, client/, server/ or cli/', () => {
    assert.deepEqual(importLoops(), []);
  });

  it('imports only downwards: core from core alone and never vscode; the three upper layers only core and themselves', () => {
    const wrong: string[] = [];
    for (const [f, { specs, deps }] of graph) {
      const layer = f.split('/')[0];
      if (layer === 'core' && specs.includes('vscode')) wrong.push(`${f} imports vscode`);
      for (const d of deps) {
        const target = d.split('/')[0];
        if (target !== layer && target !== 'core') wrong.push(`${f} imports ${d}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
