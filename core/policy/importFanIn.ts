// Which files many others import (fan-in): import specifiers of TS/JS, Python and Go sources resolved against the
// repository's files. Pure and bounded: paths and file texts in, counts out. Used to propose load-bearing lines.
import * as posix from 'node:path/posix';

/** Bounds: the draft reads at most this many sources, of at most this size, for the fan-in count. */
export const MAX_FANIN_SOURCES = 5_000;
export const MAX_SOURCE_BYTES = 512 * 1024;
/** A file imported by at least this many others is proposed (the most imported first). */
export const FANIN_MIN = 5;

/** Tests, fixtures, generated and vendored code: names there say nothing about load-bearing code. */
const NOISE_DIR = /(^|\/)(tests?|__tests__|spec|specs|fixtures?|__mocks__|mocks?|examples?|e2e|testdata|vendor|third_party|dist|build|out|coverage|\.vscode-test)(\/|$)/;
const TEST_FILE = /(\.(test|spec)\.[^./]+$)|(_test\.(go|py)$)|((^|\/)test_[^/]*\.py$)/;
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go)$/;

/** Tests, fixtures and generated code: neither evidence by name nor counted as importers. */
export function isNoise(p: string): boolean {
  return NOISE_DIR.test(p) || TEST_FILE.test(p);
}

/** Which files the policy draft reads: sources for the fan-in count, and go.mod files to resolve Go imports. */
export function draftReads(paths: string[]): string[] {
  const sources = paths.filter((p) => SOURCE.test(p) && !p.endsWith('.d.ts') && !isNoise(p)).slice(0, MAX_FANIN_SOURCES);
  return [...paths.filter((p) => posix.basename(p) === 'go.mod' && !isNoise(p)), ...sources];
}

const JS_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"\n]*|\.{1,2})\1/gm;
const PY_FROM = /^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import[ \t]+\(?([\w*, \t]+)/gm;
const GO_IMPORT_BLOCK = /\bimport\s*\(([^)]*)\)/g;
const GO_IMPORT_LINE = /\bimport\s+(?:[\w.]+\s+)?"([^"\n]+)"/g;
const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Files (or, for Go, package folders) each source imports, resolved against the repository's files. */
function importTargets(file: string, text: string, exists: (p: string) => boolean, goModules: { dir: string; module: string }[], isDir: (p: string) => boolean): string[] {
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const inside = (p: string) => !p.startsWith('..') && !posix.isAbsolute(p);
  const out: string[] = [];
  if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(file)) {
    for (const m of text.matchAll(JS_SPECIFIER)) {
      const base = posix.normalize(posix.join(dir, m[2]));
      if (!inside(base)) continue;
      const stem = base.replace(/\.(m|c)?jsx?$/, '');
      const tries = [base, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${base === '.' ? '' : `${base}/`}index${e}`)];
      const hit = tries.find(exists);
      if (hit) out.push(hit);
    }
  } else if (file.endsWith('.py')) {
    for (const m of text.matchAll(PY_FROM)) {
      let base = dir;
      for (let k = 1; k < m[1].length; k++) base = base === '' ? '..' : posix.dirname(base) === '.' ? '' : posix.dirname(base);
      if (!inside(base)) continue;
      const join = (...parts: string[]) => parts.filter((x) => x !== '').join('/');
      const modules = m[2] ? [m[2].split('.').join('/')] : m[3].split(',').map((x) => x.trim().split(/\s/)[0]).filter((x) => /^\w+$/.test(x));
      for (const mod of modules) {
        const hit = [join(base, `${mod}.py`), join(base, mod, '__init__.py')].find(exists);
        if (hit) out.push(hit);
      }
    }
  } else if (file.endsWith('.go')) {
    const specs = [...text.matchAll(GO_IMPORT_LINE)].map((m) => m[1]);
    for (const block of text.matchAll(GO_IMPORT_BLOCK)) for (const m of block[1].matchAll(/"([^"\n]+)"/g)) specs.push(m[1]);
    for (const spec of specs) {
      const owner = goModules.find((g) => spec === g.module || spec.startsWith(`${g.module}/`));
      const rest = owner ? spec.slice(owner.module.length).replace(/^\//, '') : '';
      const target = owner ? [owner.dir, rest].filter((x) => x !== '').join('/') : spec.startsWith('.') ? posix.normalize(posix.join(dir, spec)) : undefined;
      // A Go package is its folder; importing your own package is not fan-in.
      if (target !== undefined && target !== '' && inside(target) && isDir(target) && target !== dir) out.push(`${target}/`);
    }
  }
  return out;
}

/** Files (and Go package folders, ending in '/') imported by at least FANIN_MIN others, most imported first. */
export function fanIn(paths: string[], read: (p: string) => string | undefined): { target: string; importers: string[] }[] {
  const all = new Set(paths);
  const dirs = new Set<string>();
  for (const p of paths) for (let d = posix.dirname(p); d !== '.'; d = posix.dirname(d)) dirs.add(d);
  const goModules: { dir: string; module: string }[] = [];
  const reads = draftReads(paths);
  for (const p of reads.filter((r) => posix.basename(r) === 'go.mod')) {
    const module = /^\s*module\s+(\S+)/m.exec(read(p) ?? '')?.[1];
    if (module) goModules.push({ dir: posix.dirname(p) === '.' ? '' : posix.dirname(p), module });
  }
  goModules.sort((a, b) => b.module.length - a.module.length);
  const importers = new Map<string, Set<string>>();
  for (const file of reads.filter((r) => SOURCE.test(r))) {
    const text = read(file);
    if (text === undefined || text.length > MAX_SOURCE_BYTES) continue;
    for (const target of importTargets(file, text, (p) => all.has(p), goModules, (d) => dirs.has(d))) {
      if (target === file) continue;
      let set = importers.get(target);
      if (!set) importers.set(target, (set = new Set()));
      set.add(file);
    }
  }
  return [...importers]
    .filter(([, s]) => s.size >= FANIN_MIN)
    .map(([target, s]) => ({ target, importers: [...s].sort() }))
    .sort((a, b) => b.importers.length - a.importers.length || a.target.localeCompare(b.target));
}
