// Installing agents' hooks through the real language server (what "Loadbearing: Install Agent Hooks" asks of it): the
// server writes the agent's config and the backup uninstall restores from, and refuses while the workspace is untrusted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InstallAgentHooksRequest } from '../../core/protocol';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';
import { ServerProcess } from './helpers/serverProcess';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

describe('language server: installing agent hooks', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;
  afterEach(() => server?.dispose());

  const params = (repo: TestRepo) => ({ roots: [repo.root], agents: ['codex' as const], cliPath: CLI, runtime: { path: process.execPath, electron: false } });

  it('writes the agent config with the hook command, and the backup under <git dir>/loadbearing/agent-hooks', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3) });
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: true } });
    const results = await server.connection.sendRequest(InstallAgentHooksRequest.type, params(repo));
    assert.deepEqual(results.map((r) => [r.agent, r.action, path.relative(repo.root, r.file)]), [['codex', 'installed', path.join('.codex', 'hooks.json')]]);
    assert.match(fs.readFileSync(path.join(repo.root, '.codex', 'hooks.json'), 'utf8'), /agent-hook --agent codex/);
    const backups = fs.readdirSync(path.join(repo.root, '.git', 'loadbearing', 'agent-hooks'));
    assert.equal(backups.length, 1, 'one backup for the one config written');
    // And the CLI's uninstall restores from that backup: the config the server created is gone again.
    assert.equal(repo.cli(['uninstall-agent-hooks']).code, 0);
    assert.ok(!fs.existsSync(path.join(repo.root, '.codex', 'hooks.json')));
  });

  it('refuses, writing nothing, while the workspace is untrusted', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(3) });
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: false } });
    await assert.rejects(server.connection.sendRequest(InstallAgentHooksRequest.type, params(repo)), /not trusted/);
    assert.ok(!fs.existsSync(path.join(repo.root, '.codex')));
    assert.ok(!fs.existsSync(path.join(repo.root, '.git', 'loadbearing', 'agent-hooks')));
  });
});
