// A ledger corrupted while VS Code is open: the user is told once, in words that say what happened and where the
// file went; the file is kept byte for byte, and the commit gate fails closed while it is there.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../paths';
import { goToLine, openWorkbench, pasteFromClipboard, quickOpen, Workbench } from './workbench';

const shots = path.join(root, 'out', 'screenshots');
const SNIPPET = ['export function isOwner(role: string): boolean {', "  return role === 'owner';", '}', ''].join('\n');

describe('in VS Code, a corrupted ledger', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    wb = await openWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.page.screenshot({ path: path.join(shots, 'failed-corruption.png') });
  });
  after(async () => wb?.close());


  it('is reported once, moved aside intact, and refuses commits until dealt with', async () => {
    const { page, repo } = wb;
    const dir = path.join(repo, '.git', 'loadbearing');
    await quickOpen(page, 'src/auth/session.ts');
    await goToLine(page, 99);
    await pasteFromClipboard(page, SNIPPET);
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length >= 3);
    const ledger = path.join(dir, 'ledger.json');
    await waitForFile(ledger);

    // Cut mid-way, as a full disk or a crashed tool would leave it.
    const good = fs.readFileSync(ledger);
    const torn = good.subarray(0, Math.floor(good.length / 2));
    fs.writeFileSync(ledger, torn);

    // This headless workbench files notifications in the notification center without showing toasts: open it.
    const told = page.locator('.notifications-center .notification-list-item').filter({ hasText: /ledger was corrupted/i });
    await page.locator('[id="status.notifications"]').click();
    await told.first().waitFor({ timeout: 30_000 });
    const text = (await told.first().textContent()) ?? '';
    assert.match(text, /moved to .*ledger\.corrupt-/, `the message says where the file went: ${text}`);
    // What the server knew went back to disk: the first paste is in the new ledger.
    await waitFor(() => fs.existsSync(ledger) && fs.readFileSync(ledger, 'utf8').includes('isOwner'), 'the first paste written back');
    const moved = fs.readdirSync(dir).filter((f) => f.startsWith('ledger.corrupt-'));
    assert.equal(moved.length, 1, 'moved aside once');
    assert.deepEqual(fs.readFileSync(path.join(dir, moved[0])), torn, 'kept byte for byte');

    // The gate fails closed while the corrupted file is there, even for a commit of an untouched file.
    spawnSync('git', ['add', 'src/payments/charge.ts'], { cwd: repo });
    const check = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', '--staged'], { cwd: repo, encoding: 'utf8' });
    assert.equal(check.status, 1, `check --staged refuses: ${check.stdout}${check.stderr}`);
    assert.match(check.stdout + check.stderr, /corrupt/i);

    // More work in the editor (new writes, new reads) does not repeat the message.
    await goToLine(page, 1);
    await pasteFromClipboard(page, SNIPPET.replace(/isOwner/g, 'isAuditor'));
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length >= 3);
    // Sync point: the second paste is in the new ledger, so the server has written and re-read it since the message.
    await waitFor(() => fs.existsSync(ledger) && fs.readFileSync(ledger, 'utf8').includes('isAuditor'), 'the second paste in the ledger');
    // The regions on screen survived the corruption: both pastes are flagged (3 gutter icons each). Lost regions
    // would never come back, so this wait fails when they were lost.
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length >= 6, undefined, { timeout: 15_000 });
    const onDisk = JSON.parse(fs.readFileSync(ledger, 'utf8')) as { files: Record<string, { regions: unknown[] }> };
    assert.equal(onDisk.files['src/auth/session.ts']?.regions.length, 2, 'both regions in the new ledger');
    assert.equal(await told.count(), 1, 'told once');
    await page.screenshot({ path: path.join(shots, 'corruption.png') });
  });
});

async function waitFor(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const waitForFile = (file: string) => waitFor(() => fs.existsSync(file), `${file} to be written`);
