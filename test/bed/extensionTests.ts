// Runs a mocha suite inside the extension host of a real VS Code (code-server) opened in headless Chromium.
import { Browser, chromium, Page } from 'playwright-core';
import { CodeServer } from './codeServer';
import { ensureChromium } from './provision';

export interface SuiteResult {
  passed: number;
  failed: number;
  exitCode: number | undefined;
  lines: string[];
}

export interface ExtensionTestOptions {
  server: CodeServer;
  workspace: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  extensionEnvironment?: Record<string, string>;
  timeoutMs?: number;
  /** Prints the suite's lines as they come. */
  echo?: (line: string) => void;
  /** Every console line of the workbench, for entries that report other than mocha counts (the benchmark). */
  onConsole?: (line: string) => void;
  /** The entry reports no mocha counts; only its exit code matters. */
  noCounts?: boolean;
  /** Called with the workbench page before it loads (e.g. to install a probe with `page.addInitScript`). */
  onPage?: (page: Page) => Promise<void>;
}

/** The prefix the in-host entry (test/integration/index.ts) puts on every mocha line. */
export const LINE_PREFIX = 'LBTEST ';
export const RESULT_PREFIX = 'LBRESULT ';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), headless: true, args: chromiumArgs });
}

export function workbenchUrl(server: CodeServer, folder: string, payload: [string, string][]): string {
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function runExtensionTests(options: ExtensionTestOptions): Promise<SuiteResult> {
  const { server } = options;
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(options.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  if (options.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnvironment)]);

  const browser = await launchBrowser();
  const lines: string[] = [];
  let result: { passed: number; failed: number } | undefined;
  try {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1400, height: 900 } });
    const page: Page = await context.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', () => undefined);
    page.on('console', (message) => {
      for (const raw of message.text().split('\n')) {
        options.onConsole?.(raw);
        const at = raw.indexOf(LINE_PREFIX);
        const resultAt = raw.indexOf(RESULT_PREFIX);
        if (resultAt >= 0) {
          result = JSON.parse(raw.slice(resultAt + RESULT_PREFIX.length)) as { passed: number; failed: number };
        } else if (at >= 0) {
          const line = raw.slice(at + LINE_PREFIX.length);
          lines.push(line);
          options.echo?.(line);
        }
      }
    });
    await options.onPage?.(page);
    // A loaded machine (two cores shared by several VS Code windows) can take over Playwright's default 30 s.
    await page.goto(workbenchUrl(server, options.workspace, payload), { timeout: 180_000 });
    // The workbench only shows some things (ghost text, hovers) in a focused window.
    await page.bringToFront();
    // The whole integration suite runs in this one window: about 60 tests, several of them large files and real formatters.
    const timeoutMs = options.timeoutMs ?? 1_200_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const exitCode = await Promise.race([exit, timedOut]);
    clearTimeout(timer);
    if (exitCode === undefined) {
      lines.push(`test bed: no result from VS Code within ${timeoutMs / 1000} s (suite hung or never started)`);
      options.echo?.(lines[lines.length - 1]);
    }
    // A run that hung, ran nothing, or whose exit code disagrees with its counts counts as one more failure.
    const passed = result?.passed ?? 0;
    let failed = result?.failed ?? 0;
    const healthy = options.noCounts
      ? exitCode === 0
      : exitCode !== undefined && result !== undefined && passed + failed > 0 && (exitCode === 0) === (failed === 0);
    if (!healthy) {
      failed += 1;
      lines.push(`test bed: unhealthy run (exit ${exitCode}, counts ${JSON.stringify(result)})`);
    }
    return { passed, failed, exitCode, lines };
  } finally {
    await browser.close();
  }
}
