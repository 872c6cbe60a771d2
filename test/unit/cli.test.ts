// The CLI's contract: help lists every DESIGN.md command, usage errors exit 2, unbuilt commands say so.
import * as assert from 'node:assert/strict';
import { runCli } from '../../cli/cli';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd: process.cwd() });
  return { code, out, err };
}

describe('cli', () => {
  it('--help lists every command of the contract and exits 0', async () => {
    const { code, out } = await run('--help');
    assert.equal(code, 0);
    for (const name of ['check --staged', 'tier', 'status', 'review', 'mark', 'install-hook', 'uninstall-hook', 'verify']) {
      assert.match(out, new RegExp(`^  ${name}`, 'm'), `help lacks ${name}`);
    }
  });

  it('no command prints help and exits 2', async () => {
    const { code, out } = await run();
    assert.equal(code, 2);
    assert.match(out, /^usage: loadbearing/);
  });

  it('an unknown command exits 2 with a one-line reason', async () => {
    const { code, err } = await run('frobnicate');
    assert.equal(code, 2);
    assert.equal(err.trim().split('\n').length, 1);
    assert.match(err, /unknown command 'frobnicate'/);
  });

  it('<command> --help prints that command and exits 0', async () => {
    const { code, out } = await run('mark', '--help');
    assert.equal(code, 0);
    assert.match(out, /^usage: loadbearing mark <path> --lines A-B --source agent/);
  });
});
