// Drives the VS Code workbench in headless Chromium like a person: quick open, palette, keyboard, clipboard, screenshots.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { CodeServer, startCodeServer } from '../codeServer';
import { createDemoRepo } from '../demoRepo';
import { launchBrowser, workbenchUrl } from '../extensionTests';
import { root } from '../paths';

export interface Workbench {
  page: Page;
  repo: string;
  server: CodeServer;
  close(): Promise<void>;
}

export async function openWorkbench(theme: 'Default Dark Modern' | 'Default Light Modern' = 'Default Dark Modern'): Promise<Workbench> {
  const repo = createDemoRepo(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-ui-')), 'demo-shop'));
  const server = await startCodeServer({
    settings: { 'workbench.colorTheme': theme, 'editor.fontSize': 14 },
    env: { LOADBEARING_LOG_FILE: process.env.LOADBEARING_LOG_FILE ?? '' },
  });
  const browser: Browser = await launchBrowser();
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  // A loaded machine can take more than Playwright's default 30 s to serve the workbench's first page.
  await page.goto(workbenchUrl(server, repo, [['extensionDevelopmentPath', remote(root)], ['skipWelcome', 'true']]), { timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The extension is up once its status bar item shows.
  await page.locator('#loadbearing\\.loadbearing\\.loadbearing\\.status, [id="loadbearing.loadbearing.loadbearing.status"], .statusbar-item:has-text("Loadbearing")').first().waitFor({ timeout: 60_000 });
  return {
    page,
    repo,
    server,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

export async function quickOpen(page: Page, rel: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(rel);
  const name = path.basename(rel);
  // Wait until the list shows this file first, not the previous search's rows.
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active:has-text("${name}")`).waitFor();
  await page.locator('.editor-instance .view-lines').first().waitFor();
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Moves the cursor to a 1-based line with "Go to Line". */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

export async function pasteFromClipboard(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
  const firstLine = text.split('\n')[0];
  await page.locator('.view-lines').filter({ hasText: firstLine.slice(0, 30) }).waitFor();
}

export async function editorScreenshot(page: Page, file: string): Promise<PNG> {
  const buffer = await page.locator('.editor-instance').first().screenshot({ path: file });
  return PNG.sync.read(buffer);
}

/** Counts pixels close to an RGB color in a rectangle of a screenshot. */
export function countPixels(png: PNG, rgb: [number, number, number], tolerance: number, box?: { x0: number; x1: number; y0?: number; y1?: number }): number {
  let count = 0;
  const x0 = box?.x0 ?? 0;
  const x1 = Math.min(box?.x1 ?? png.width, png.width);
  const y0 = box?.y0 ?? 0;
  const y1 = Math.min(box?.y1 ?? png.height, png.height);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (Math.abs(png.data[i] - rgb[0]) <= tolerance && Math.abs(png.data[i + 1] - rgb[1]) <= tolerance && Math.abs(png.data[i + 2] - rgb[2]) <= tolerance) count++;
    }
  }
  return count;
}
