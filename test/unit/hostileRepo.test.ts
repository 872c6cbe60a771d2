// A hostile repository: shell in its policy, in file names and contents, a `node` and a `loadbearing` in its
// node_modules/.bin (on PATH, as npm scripts and some shells put it), npm scripts, git attributes asking for a
// textconv. Every CLI command and a commit through the installed hook run, and none of it is ever executed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { numbered, TestRepo } from './helpers/gitFixture';

describe('a hostile repository: nothing in it is ever executed', function () {
  this.timeout(60_000);

  it('by the CLI commands, or by the hook during a commit', () => {
    const repo = TestRepo.create({ 'README.md': 'hostile\n' });
    const marker = path.join(path.dirname(repo.root), 'PWNED');
    const touch = `touch '${marker}'`;
    const shim = `#!/bin/sh\n${touch}\nexit 0\n`;
    const weird = [`src/auth/$(${touch}).ts`, `src/auth/\`${touch}\`.ts`, `src/auth/';${touch};'.ts`];
    repo.write('.loadbearing', [`$(${touch})  critical`, `\`${touch}\`  high`, `/src/auth/**  critical`, ''].join('\n'));
    repo.write('.gitattributes', '* diff=evil\n');
    repo.write('package.json', JSON.stringify({ scripts: { precommit: touch, prepare: touch, postinstall: touch } }));
    for (const bin of ['node', 'loadbearing', 'evil-diff']) {
      repo.write(`node_modules/.bin/${bin}`, shim);
      fs.chmodSync(repo.path(`node_modules/.bin/${bin}`), 0o755);
    }
    for (const file of weird) repo.write(file, `#!/bin/sh\n${touch}\n` + numbered(4));
    // Local configuration a hostile tool could have left: programs git runs for diffs of content. Our git calls are
    // plumbing that never produces a content diff, so neither may run.
    repo.git('config', 'diff.evil.textconv', touch);
    repo.git('config', 'diff.external', `${repo.path('node_modules/.bin/evil-diff')}`);
    repo.git('add', '-A');

    // PATH has the repository's shims first; the recorded runtime (this node) is what must run.
    const env = { ...repo.env, PATH: `${repo.path('node_modules/.bin')}:${process.env.PATH}` };
    const cli = (...args: string[]) => repo.cli(args, { env });
    for (const file of weird) assert.equal(cli('mark', file, '--lines', '2-3', '--source', 'agent').code, 0, `mark ${file}`);
    repo.git('add', '-A');
    const runs = [
      cli('status'),
      cli('status', '--json'),
      cli('tier', ...weird, '.loadbearing'),
      cli('check', '--staged'),
      cli('review', `${weird[0]}:2`, '--yes'),
      cli('install-hook'),
    ];
    assert.equal(runs[3].code, 1, `check --staged refuses the unreviewed regions: ${runs[3].out}${runs[3].err}`);
    assert.equal(runs[5].code, 0, `install-hook: ${runs[5].err}`);
    const refused = repo.commit('through the hook', [], env);
    assert.notEqual(refused.code, 0, 'the hook ran the gate, which refused');
    for (const file of weird.slice(1)) cli('review', `${file}:2`, '--yes');
    const allowed = repo.commit('through the hook, reviewed', [], env);
    assert.equal(allowed.code, 0, `the commit went through once reviewed: ${allowed.err}`);
    assert.equal(cli('verify', 'HEAD~1..HEAD').code, 0);
    assert.equal(fs.existsSync(marker), false, 'something from the repository was executed');
  });
});
