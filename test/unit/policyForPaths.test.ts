// The commit gate reads only the policy files on the staged paths' way (loadPolicyForPaths): it must give every path
// the tier the full walk (loadPolicySync, what the server uses) gives it, nested policies, ignore lines and negated classes included.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPolicyForPaths, loadPolicySync } from '../../core/policy/policyLoader';

const POLICIES: Record<string, string> = {
  '': '/src/ high\n*.md watch\n/src/gen/ ignore\n/dist/ critical\n',
  'src/legacy': '* watch\n/vendor/ ignore\n/db/ critical\n/db/[!a-r]*.ts high\n',
  'src/legacy/deep': '/only-this.ts critical\n',
  'src/auth': '** critical\n*.test.ts ignore\nk[!x]ep.test.ts high\n',
  // Skipped by the walk (a dependency): must not decide anything here either.
  'src/node_modules/lib': '** critical\n',
  'dist': '** watch\n',
};

const FILES = [
  'README.md',
  'src/main.ts',
  'src/notes.md',
  'src/gen/out.ts',
  'src/legacy/old.ts',
  'src/legacy/vendor/x.ts',
  'src/legacy/db/schema.sql',
  'src/legacy/db/seed.ts',
  'src/legacy/deep/only-this.ts',
  'src/legacy/deep/other.ts',
  'src/auth/login.ts',
  'src/auth/login.test.ts',
  'src/auth/keep.test.ts',
  'src/auth/sub/token.ts',
  'src/node_modules/lib/index.ts',
  'src/linked/inside.ts',
  'dist/bundle.js',
  'other/file.ts',
];

describe('policy files for given paths only', () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-policy-paths-'));
    for (const [dir, text] of Object.entries(POLICIES)) {
      fs.mkdirSync(path.join(root, dir), { recursive: true });
      fs.writeFileSync(path.join(root, dir, '.loadbearing'), text);
    }
    for (const file of FILES) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      if (!fs.existsSync(path.join(root, file))) fs.writeFileSync(path.join(root, file), 'x\n');
    }
    // A symlinked folder with a policy inside: the walk does not enter it, so it must not count here either.
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'elsewhere', '.loadbearing'), '** critical\n');
    fs.rmSync(path.join(root, 'src', 'linked'), { recursive: true, force: true });
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'src', 'linked'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives each path the tier and deciding line the full walk gives it', () => {
    const full = loadPolicySync(root).matcher;
    const tiers = FILES.map((file) => full.tierOf(file));
    // The tree is built so that the cases differ: nested overrides, ignore, negation, skipped and linked folders.
    assert.ok(new Set(tiers).size >= 3, `varied tiers: ${tiers.join(',')}`);
    for (const file of FILES) {
      const partial = loadPolicyForPaths(root, [file]).matcher.decide(file);
      const expected = full.decide(file);
      assert.deepEqual(
        partial && { tier: partial.tier, dir: partial.policyDir, line: partial.rule.line },
        expected && { tier: expected.tier, dir: expected.policyDir, line: expected.rule.line },
        file,
      );
    }
    // All at once too (the gate passes every staged path in one call).
    const together = loadPolicyForPaths(root, FILES).matcher;
    assert.deepEqual(FILES.map((file) => together.tierOf(file)), tiers);
  });

  it('reads only the policy files on the paths’ way', () => {
    const loaded = loadPolicyForPaths(root, ['src/legacy/deep/other.ts']);
    assert.deepEqual(loaded.files.map((f) => f.path), ['.loadbearing', 'src/legacy/.loadbearing', 'src/legacy/deep/.loadbearing']);
  });
});
