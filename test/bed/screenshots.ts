// `npm run screenshots`: the README's pictures, taken from a real VS Code with the extension — highlight, hover, queue, report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './paths';
import { seedReportHistory } from './reportDemo';
import { goToLine, openWorkbench, pasteFromClipboard, quickOpen, runCommand } from './ui/workbench';
import { AI_SNIPPET as SNIPPET } from './ui/snippets';


async function main(): Promise<void> {
  const docs = path.join(root, 'docs');
  fs.mkdirSync(docs, { recursive: true });
  const wb = await openWorkbench('Default Dark Modern');
  try {
    const { page } = wb;
    // Weeks of reviewed history for the report (other files than those pasted into below).
    seedReportHistory(wb.repo);
    await quickOpen(page, 'src/payments/charge.ts');
    await goToLine(page, 9);
    await pasteFromClipboard(page, 'export function refund(charge: Charge): Charge {\n  return { ...charge, amountCents: -charge.amountCents };\n}\n');
    await quickOpen(page, 'src/auth/session.ts');
    await goToLine(page, 12);
    await pasteFromClipboard(page, SNIPPET);
    await page.locator('.cgmr').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Unreviewed AI-written code' }).first().waitFor();
    await page.screenshot({ path: path.join(docs, 'highlight.png') });

    await page.locator('.view-line').filter({ hasText: 'payload' }).first().hover({ position: { x: 60, y: 8 } });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'AI-written:' }).first();
    await hover.waitFor({ timeout: 20_000 });
    const box = await hover.boundingBox();
    if (box) await page.screenshot({ path: path.join(docs, 'hover.png'), clip: { x: Math.max(0, box.x - 70), y: Math.max(0, box.y - 10), width: box.width + 90, height: box.height + 110 } });

    await page.mouse.move(5, 5);
    await runCommand(page, 'Loadbearing: Show Review Queue');
    await page.locator('.pane-body .monaco-list-row:has-text("lines 11–14")').first().waitFor();
    await page.screenshot({ path: path.join(docs, 'queue.png') });

    // The report reads saved files: save both pastes, then give the report the whole window.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('S');
    await page.locator('.tab.dirty').first().waitFor({ state: 'detached' });
    await page.keyboard.press('Control+J');
    await page.keyboard.press('Control+B');
    if (await page.locator('.part.auxiliarybar').isVisible()) await runCommand(page, 'View: Hide Secondary Side Bar');
    await page.locator('.part.auxiliarybar').waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1400, height: 1080 });
    await runCommand(page, 'Loadbearing: Show Report');
    const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await report.locator('h1:has-text("Loadbearing Report")').waitFor({ timeout: 30_000 });
    await report.locator('td:has-text("src/auth/session.ts")').waitFor();
    await page.screenshot({ path: path.join(docs, 'report.png') });
    console.log(`wrote ${['highlight.png', 'hover.png', 'queue.png', 'report.png'].map((f) => path.join('docs', f)).join(', ')}`);
  } catch (error) {
    await wb.page.screenshot({ path: path.join(root, 'out', 'screenshots-failure.png') });
    throw error;
  } finally {
    await wb.close();
  }
}

main().catch((error: unknown) => {
  console.error(`screenshots failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
