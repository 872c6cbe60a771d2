// Entry the extension host loads (extensionTestsPath): runs this folder's mocha suites and reports counts to the test bed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

// Must match test/bed/extensionTests.ts: the harness reads these prefixes from the page console.
const LINE_PREFIX = 'LBTEST ';
const RESULT_PREFIX = 'LBRESULT ';

export function runSuites(dir: string): Promise<void> {
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args) => {
    for (const line of util.format(...args).split('\n')) console.log(LINE_PREFIX + line);
  };
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env.LOADBEARING_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures };
      const counts = JSON.stringify({ passed: stats.passes, failed: stats.failures });
      console.log(RESULT_PREFIX + counts);
      // Under @vscode/test-electron the console is the process's stdout; the launcher reads this file instead.
      if (process.env.LOADBEARING_RESULT_FILE) fs.writeFileSync(process.env.LOADBEARING_RESULT_FILE, counts);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}

export function run(): Promise<void> {
  return runSuites(__dirname);
}
