// Startup in a fresh window: the extension-host suite test/integration/startup/ runs in a workspace whose policy is in
// the settings (no .loadbearing file), so Loadbearing activates only when the test says, and the test pastes at once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from '../codeServer';
import { createDemoRepo } from '../demoRepo';
import { runExtensionTests } from '../extensionTests';
import { outDir, root } from '../paths';

describe('in VS Code, a paste right after Loadbearing activates', function () {
  // A fresh code-server and window: minutes on a loaded 2-core machine.
  this.timeout(600_000);

  it('is flagged although the language server had not answered yet', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-startup-'));
    const repo = createDemoRepo(path.join(base, 'demo-shop'));
    // Without a .loadbearing file nothing activates the extension by itself; the same tiers come from the setting.
    fs.rmSync(path.join(repo, '.loadbearing'));
    fs.mkdirSync(path.join(repo, '.vscode'));
    fs.writeFileSync(path.join(repo, '.vscode', 'settings.json'), JSON.stringify({ 'loadbearing.policy': { '/src/auth/**': 'critical' } }));
    const server = await startCodeServer();
    try {
      const result = await runExtensionTests({
        server,
        workspace: repo,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(outDir, 'test', 'integration', 'startup', 'index.js'),
        // The bed's own test filter must not filter the window's suite.
        extensionEnvironment: {
          LOADBEARING_LOG_FILE: path.join(base, 'loadbearing.log'),
          LOADBEARING_TEST_GREP: '',
          // As on a slow machine: the paste certainly lands while the server is starting (the test checks it did).
          LOADBEARING_SERVER_START_DELAY_MS: '4000',
        },
        echo: (line) => console.log(`    [window] ${line}`),
      });
      assert.equal(result.failed, 0, `the startup suite failed:\n${result.lines.join('\n')}`);
      assert.ok(result.passed >= 1, 'the startup suite ran');
    } finally {
      await server.stop();
    }
  });
});
