// UI-level review flows, driven like a person: copy/paste inside the editor stays unflagged, "Review AI Edits in File"
// steps through a critical file one region at a time, and the review queue reveals a region when clicked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../paths';
import { goToLine, openWorkbench, pasteFromClipboard, quickOpen, runCommand, Workbench } from './workbench';

const shots = path.join(root, 'out', 'screenshots');
const EXTERNAL = ['export function isAdmin(role: string): boolean {', "  return role === 'admin' || role === 'owner';", '}', ''].join('\n');
const EXTERNAL_2 = ['export function canRefund(role: string): boolean {', "  return role === 'billing';", '}', ''].join('\n');

describe('in VS Code, reviewing like a person', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    wb = await openWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.page.screenshot({ path: path.join(shots, `failed-review-${this.currentTest.title.slice(0, 40)}.png`) });
    }
  });
  after(async () => wb?.close());

  const glyphs = () => wb.page.locator('.editor-instance .cgmr').count();

  it('copy and paste inside the editor is not flagged; an external paste is', async () => {
    const { page } = wb;
    await quickOpen(page, 'src/auth/session.ts');
    await goToLine(page, 6);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+C');
    await goToLine(page, 99);
    await page.keyboard.press('Control+V');
    // View lines render spaces as no-break spaces: match on a word.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-instance .view-line')).filter((l) => l.textContent?.includes('parseSession(')).length === 2);
    await pasteFromClipboard(page, EXTERNAL);
    // Sync point: the external paste's three lines get their icons; the in-editor copy gets none.
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length >= 3);
    assert.equal(await glyphs(), 3, 'only the external paste is flagged');
  });

  it('"Review AI Edits in File" steps through a critical file one region at a time', async () => {
    const { page } = wb;
    await goToLine(page, 99);
    await pasteFromClipboard(page, EXTERNAL_2);
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length >= 6);
    await runCommand(page, 'Loadbearing: Review AI Edits in File');
    const picker = page.locator('.quick-input-widget');
    await picker.filter({ hasText: 'AI edit 1 of 2' }).waitFor();
    await picker.getByRole('option', { name: /Reviewed, I have read/ }).click();
    await picker.filter({ hasText: 'AI edit 2 of 2' }).waitFor();
    await picker.getByRole('option', { name: /Skip, leave it/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length === 3);
    assert.equal(await glyphs(), 3, 'one region reviewed, the skipped one still flagged');
  });

  it('the review queue lists the region and reveals it when clicked', async () => {
    const { page } = wb;
    await goToLine(page, 1);
    await runCommand(page, 'Loadbearing: Show Review Queue');
    const row = page.locator('.pane-body .monaco-list-row').filter({ hasText: /lines \d+–\d+/ }).first();
    await row.waitFor();
    const label = (await row.textContent()) ?? '';
    const firstLine = Number(/lines (\d+)/.exec(label)?.[1]);
    await row.click();
    await page.locator('.statusbar-item').filter({ hasText: `Ln ${firstLine},` }).first().waitFor();
    await page.screenshot({ path: path.join(shots, 'queue-reveal.png') });
  });
});
