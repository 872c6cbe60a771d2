// UI-level tests: a person's view of Loadbearing in VS Code — pixels of the highlight, the Problems panel, the hover,
// and reviewing from the command palette.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../paths';
import { countPixels, editorScreenshot, goToLine, openWorkbench, pasteFromClipboard, quickOpen, runCommand, Workbench } from './workbench';

const SNIPPET = [
  'export function isAdmin(token: string): boolean {',
  "  const [, payload] = token.split('.');",
  "  return JSON.parse(Buffer.from(payload, 'base64').toString()).role === 'admin';",
  '}',
  '',
].join('\n');

/** The critical gutter icon's fill, #E5484D. */
const CRITICAL_RED: [number, number, number] = [0xe5, 0x48, 0x4d];
const shots = path.join(root, 'out', 'screenshots');

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  describe(`in VS Code, ${theme}`, function () {
    this.timeout(180_000);
    let wb: Workbench;
    before(async () => {
      fs.mkdirSync(shots, { recursive: true });
      wb = await openWorkbench(theme);
    });
    after(async () => wb?.close());

    it('a paste into a critical file shows the gutter icon, a tinted line and an Error in Problems', async () => {
      const { page } = wb;
      await quickOpen(page, 'src/auth/session.ts');
      await goToLine(page, 13);
      const plain = await editorScreenshot(page, path.join(shots, `${theme}-before.png`));
      await pasteFromClipboard(page, SNIPPET);
      await page.locator('.cgmr[class*="codicon"], .cgmr').first().waitFor({ timeout: 20_000 });
      const flagged = await editorScreenshot(page, path.join(shots, `${theme}-flagged.png`));
      // The gutter icon's red: absent before, present after.
      assert.equal(countPixels(plain, CRITICAL_RED, 20), 0, 'no critical red before the paste');
      assert.ok(countPixels(flagged, CRITICAL_RED, 20) > 20, 'the critical gutter icon is drawn');
      await page.keyboard.press('Control+Shift+M');
      const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Unreviewed AI-written code' });
      await problem.first().waitFor({ timeout: 20_000 });
      assert.ok(await page.locator('.markers-panel .codicon-error').first().isVisible(), 'the problem is an Error');
    });

    it('"Loadbearing: Mark AI Edit as Reviewed" from the palette clears the highlight and the problem', async () => {
      const { page } = wb;
      await quickOpen(page, 'src/auth/session.ts');
      await goToLine(page, 14);
      await runCommand(page, 'Loadbearing: Mark AI Edit as Reviewed');
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Unreviewed AI-written code' }).first().waitFor({ state: 'detached', timeout: 20_000 });
      await page.locator('.cgmr').first().waitFor({ state: 'detached', timeout: 20_000 });
      const reviewed = await editorScreenshot(page, path.join(shots, `${theme}-reviewed.png`));
      assert.equal(countPixels(reviewed, CRITICAL_RED, 20), 0, 'the critical gutter icon is gone');
      const ledger = JSON.parse(fs.readFileSync(path.join(wb.repo, '.git', 'loadbearing', 'ledger.json'), 'utf8'));
      assert.equal(ledger.acks.at(-1).reviewer.email, 'reviewer@example.com');
    });
  });
}
