// From refusal to review in VS Code's own terminal, driven like a person: AI code pasted into a critical file, `git
// commit` typed into the integrated terminal is refused, `loadbearing review` (on PATH there, nothing installed) shows
// the region and is answered y + a reason, and the same commit then goes through with the evidence in its note.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { root } from '../paths';
import { goToLine, openWorkbench, pasteFromClipboard, quickOpen, runCommand, Workbench } from './workbench';

const shots = path.join(root, 'out', 'screenshots');
const AI_CODE = ['export function isAdmin(role: string): boolean {', "  return role === 'admin' || role === 'owner';", '}', ''].join('\n');
const COMMIT = 'git commit -am "Add admin check"';
const REASON = 'same logic as the reviewed RFC 7 helper';

/**
 * The terminal's text as shown: the DOM renderer's rows, no-break spaces as spaces, trailing blanks cut, and rows
 * joined without a line break (a long line wraps onto the next row; patterns match across).
 */
async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.xterm .xterm-rows > div'))
      .map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\s+$/, ' '))
      .join(''),
  );
}

async function waitForTerminal(page: Page, pattern: RegExp, what: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = await terminalText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}; it shows:\n${text}`);
    await page.waitForTimeout(100);
  }
}

/** Types a line into the focused terminal and presses Enter, as a person does. */
async function typeLine(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 10 });
  await page.keyboard.press('Enter');
}

const lastSubject = (repo: string) => execFileSync('git', ['log', '-1', '--format=%s'], { cwd: repo }).toString().trim();

describe('in VS Code, a refused commit reviewed in the integrated terminal', function () {
  this.timeout(600_000);
  let wb: Workbench;
  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    // The product's review defaults (the test bed otherwise reviews at machine speed); the DOM renderer, whose rows are text.
    wb = await openWorkbench('Default Dark Modern', {
      'loadbearing.review.minSeconds': 2,
      'loadbearing.review.minSecondsPerLine': 0.25,
      'terminal.integrated.gpuAcceleration': 'off',
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.page.screenshot({ path: path.join(shots, 'failed-terminal-review.png') });
  });
  after(async () => wb?.close());

  it('git commit is refused, loadbearing review answered y and a reason, then the commit passes', async () => {
    const { page, repo } = wb;
    await quickOpen(page, 'src/auth/session.ts');
    await goToLine(page, 99);
    await pasteFromClipboard(page, AI_CODE);
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .cgmr').length >= 3);
    await page.keyboard.press('Control+S');
    const file = path.join(repo, 'src', 'auth', 'session.ts');
    const deadline = Date.now() + 30_000;
    while (!fs.readFileSync(file, 'utf8').includes('isAdmin')) {
      assert.ok(Date.now() < deadline, 'the file was saved');
      await page.waitForTimeout(100);
    }
    // The gate is installed automatically in this trusted workspace with a policy.
    while (!fs.existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))) {
      assert.ok(Date.now() < deadline, 'the commit gate was installed');
      await page.waitForTimeout(100);
    }

    await runCommand(page, 'Terminal: Create New Terminal');
    // The new terminal has the keyboard; its rows are in the DOM.
    await page.locator('.xterm .xterm-rows').first().waitFor();
    await typeLine(page, COMMIT);
    const refused = await waitForTerminal(page, /commit refused[\s\S]*loadbearing review/, 'the refusal');
    assert.match(refused, /src\/auth\/session\.ts:1\d-1\d\s+critical\s+paste/);
    assert.match(refused, /"Loadbearing: Mark AI Edit as Reviewed"/, 'the palette title of the command');
    assert.equal(lastSubject(repo), 'Initial commit');
    // The server read the refusal from the audit log; the window says so and offers the way to review. (This headless
    // workbench files notifications in the notification center without showing toasts: open it, then back to the terminal.)
    const told = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'Loadbearing refused the commit: 1 unreviewed AI edit in load-bearing files.' });
    await page.locator('[id="status.notifications"]').click();
    await told.first().waitFor({ timeout: 30_000 });
    assert.match((await told.first().textContent()) ?? '', /Review now/);
    await page.locator('[id="status.notifications"]').click();
    await page.locator('.xterm').first().click();

    await typeLine(page, 'clear; loadbearing review');
    await waitForTerminal(page, /\[y\]es \[n\]o \[s\]kip \[d\]iff \[q\]uit/, 'the question about the region');
    const shown = await terminalText(page);
    assert.doesNotMatch(shown, /command not found/);
    assert.match(shown, /src\/auth\/session\.ts:1\d-1\d\s+critical\s+paste/);
    assert.match(shown, /return role === 'admin' \|\| role === 'owner';/, 'the AI code itself is printed');
    await typeLine(page, 'y');
    // Answered at once: three lines of critical code need 2.75 s on screen, so a reason is asked.
    await waitForTerminal(page, /Why are you sure it is right\?/, 'the question for a reason');
    await typeLine(page, REASON);
    await waitForTerminal(page, /reviewed src\/auth\/session\.ts:1\d-1\d\s+critical\s+paste/, 'the acknowledgment');
    await page.screenshot({ path: path.join(shots, 'terminal-review.png') });

    await typeLine(page, `clear; ${COMMIT}`);
    const deadline2 = Date.now() + 60_000;
    while (lastSubject(repo) !== 'Add admin check') {
      assert.ok(Date.now() < deadline2, `the commit went through; the terminal shows:\n${await terminalText(page)}`);
      await page.waitForTimeout(200);
    }
    // The post-commit hook writes the note just after git records the commit.
    let noteText = '';
    while (!noteText) {
      try {
        noteText = execFileSync('git', ['notes', '--ref', 'loadbearing', 'show', 'HEAD'], { cwd: repo, stdio: 'pipe' }).toString();
      } catch {
        assert.ok(Date.now() < deadline2, 'the post-commit hook wrote the note');
        await page.waitForTimeout(200);
      }
    }
    const note = JSON.parse(noteText);
    const [region] = note.files.find((f: { path: string }) => f.path === 'src/auth/session.ts').regions;
    assert.deepEqual(region.ack.evidence, { reason: REASON });
    assert.equal(region.ack.reviewer.name, 'Demo Reviewer');
  });

  it('git commit --no-verify of unreviewed AI code goes through, and the window says so', async () => {
    const { page, repo } = wb;
    await quickOpen(page, 'src/auth/session.ts');
    await goToLine(page, 1);
    await pasteFromClipboard(page, AI_CODE.replace('isAdmin', 'isOwner'));
    await page.keyboard.press('Control+S');
    const file = path.join(repo, 'src', 'auth', 'session.ts');
    const deadline = Date.now() + 30_000;
    while (!fs.readFileSync(file, 'utf8').includes('isOwner')) {
      assert.ok(Date.now() < deadline, 'the file was saved');
      await page.waitForTimeout(100);
    }
    // The gate's post-commit hook (installed automatically here) records the commit.
    while (!fs.existsSync(path.join(repo, '.git', 'hooks', 'post-commit'))) {
      assert.ok(Date.now() < deadline, 'the commit gate was installed');
      await page.waitForTimeout(100);
    }
    if ((await page.locator('.xterm').count()) === 0) {
      await runCommand(page, 'Terminal: Create New Terminal');
      await page.locator('.xterm .xterm-rows').first().waitFor();
    } else await page.locator('.xterm').first().click();
    await typeLine(page, 'clear; git commit --no-verify -am "Bypass the gate"');
    while (lastSubject(repo) !== 'Bypass the gate') {
      assert.ok(Date.now() < deadline, `the commit went through; the terminal shows:\n${await terminalText(page)}`);
      await page.waitForTimeout(200);
    }
    // The post-commit hook recorded it in the audit log; the server read it there and the window tells the user.
    const short = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: repo }).toString().trim();
    const told = page.locator('.notifications-center .notification-list-item').filter({ hasText: `Loadbearing: commit ${short} contains 1 unreviewed AI edit (committed with --no-verify?).` });
    await page.locator('[id="status.notifications"]').click();
    await told.first().waitFor({ timeout: 30_000 });
  });
});
