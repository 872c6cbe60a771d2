// UI-level tests: a person's view of Loadbearing in VS Code — pixels of the highlight, the Problems panel, the hover,
// and reviewing from the command palette.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { root } from '../paths';
import { countPixels, editorScreenshot, goToLine, openWorkbench, pasteFromClipboard, quickOpen, runCommand, Workbench } from './workbench';
import { AI_SNIPPET as SNIPPET } from './snippets';


/** The critical gutter icon's fill, #E5484D. */
const CRITICAL_RED: [number, number, number] = [0xe5, 0x48, 0x4d];
const shots = path.join(root, 'out', 'screenshots');
/** The glyph margin (left of the line numbers) and the text area of an editor screenshot. */
const GUTTER = { x0: 0, x1: 22 };
const TEXT = { x0: 80, x1: 600 };
/** Alpha of loadbearing.criticalBackground per theme kind (package.json contributes.colors). */
const BACKGROUND_ALPHA = { 'Default Dark Modern': 0x26 / 255, 'Default Light Modern': 0x1f / 255 } as const;

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.data[i], png.data[i + 1], png.data[i + 2]];
}

function blend(top: [number, number, number], alpha: number, under: [number, number, number]): [number, number, number] {
  return [0, 1, 2].map((k) => Math.round(top[k] * alpha + under[k] * (1 - alpha))) as [number, number, number];
}

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  describe(`in VS Code, ${theme}`, function () {
    this.timeout(180_000);
    let wb: Workbench;
    before(async () => {
      fs.mkdirSync(shots, { recursive: true });
      wb = await openWorkbench(theme);
    });
    afterEach(async function () {
      // A failing step leaves a picture of what the user would have seen.
      if (this.currentTest?.state === 'failed' && wb) {
        await wb.page.screenshot({ path: path.join(shots, `failed-${theme}-${this.currentTest.title.slice(0, 40)}.png`) });
      }
    });
    after(async () => wb?.close());

    it('a paste into a critical file shows the gutter icon, a tinted line and an Error in Problems', async () => {
      const { page } = wb;
      await quickOpen(page, 'src/auth/session.ts');
      await goToLine(page, 13);
      const plain = await editorScreenshot(page, path.join(shots, `${theme}-before.png`));
      await pasteFromClipboard(page, SNIPPET);
      // Wait for what the user would see: the gutter icon drawn (decorations render asynchronously).
      let flagged = await editorScreenshot(page, path.join(shots, `${theme}-flagged.png`));
      for (let tries = 0; countPixels(flagged, CRITICAL_RED, 20, GUTTER) <= 20 && tries < 100; tries++) {
        await page.waitForTimeout(100);
        flagged = await editorScreenshot(page, path.join(shots, `${theme}-flagged.png`));
      }
      // The gutter icon's red in the glyph margin: absent before, present after.
      assert.equal(countPixels(plain, CRITICAL_RED, 20, GUTTER), 0, 'no critical red in the gutter before the paste');
      assert.ok(countPixels(flagged, CRITICAL_RED, 20, GUTTER) > 20, 'the critical gutter icon is drawn');
      // The line background: the theme's editor background tinted with loadbearing.criticalBackground.
      const tint = blend(CRITICAL_RED, BACKGROUND_ALPHA[theme], pixel(plain, plain.width - 30, plain.height - 10));
      // A few anti-aliased glyph edges of the theme's own red strings can come close; a tinted line is thousands.
      assert.ok(countPixels(plain, tint, 3, TEXT) < 100, 'no tinted line before the paste');
      assert.ok(countPixels(flagged, tint, 3, TEXT) > 2000, 'the pasted lines are tinted');
      await page.keyboard.press('Control+Shift+M');
      const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Unreviewed AI-written code' });
      await problem.first().waitFor({ timeout: 20_000 });
      // The focused row shows a light bulb (the quick fix) where the severity icon was: read the row's label too.
      const label = (await problem.first().getAttribute('aria-label')) ?? '';
      const icons = await problem.first().locator('.codicon-error').count();
      assert.ok(icons > 0 || /^Error:/.test(label), `the problem is an Error (row: "${label}")`);
    });

    it('"Loadbearing: Mark AI Edit as Reviewed" from the palette clears the highlight and the problem', async () => {
      const { page } = wb;
      await quickOpen(page, 'src/auth/session.ts');
      await goToLine(page, 14);
      await runCommand(page, 'Loadbearing: Mark AI Edit as Reviewed');
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Unreviewed AI-written code' }).first().waitFor({ state: 'detached', timeout: 20_000 });
      await page.locator('.cgmr').first().waitFor({ state: 'detached', timeout: 20_000 });
      const reviewed = await editorScreenshot(page, path.join(shots, `${theme}-reviewed.png`));
      assert.equal(countPixels(reviewed, CRITICAL_RED, 20, GUTTER), 0, 'the critical gutter icon is gone');
      const ledger = JSON.parse(fs.readFileSync(path.join(wb.repo, '.git', 'loadbearing', 'ledger.json'), 'utf8'));
      assert.equal(ledger.acks.at(-1).reviewer.email, 'reviewer@example.com');
    });
  });
}
