// One of two VS Code windows on the same repository, racing the other window and the CLI (test/bed/twoWindows.ts):
// each marks lines and reviews regions at once, then every window must show every actor's result.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, loadbearingDiagnostics, openEditor, waitFor } from '../helpers';

/** plan.json, written by the bed (test/bed/windowsPlan.ts): what each actor does, what all must see at the end. */
interface WindowsPlan {
  shared: string;
  sharedLines: number[];
  actors: Record<'A' | 'B', { own: string; marks: number[]; reviewsOwn: number[]; reviewsShared: number[] }>;
  expected: Record<string, number[]>;
  sync: { ready: Record<'A' | 'B', string>; go: string; done: Record<'A' | 'B', string>; end: string };
}

const syncDir = process.env.LOADBEARING_SYNC_DIR ?? '';
const me = process.env.LOADBEARING_WINDOW as 'A' | 'B';
const syncFile = (name: string) => path.join(syncDir, name);
const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 40));

/** 0-based start lines of the unreviewed regions VS Code shows for the file, sorted. */
function flaggedLines(rel: string): number[] {
  return loadbearingDiagnostics(fileUri(rel))
    .map((d) => d.range.start.line)
    .sort((a, b) => a - b);
}

async function select(rel: string, line: number, wholeLine: boolean): Promise<void> {
  const editor = await openEditor(rel);
  const at = line - 1;
  editor.selection = wholeLine ? new vscode.Selection(at, 0, at + 1, 0) : new vscode.Selection(at, 2, at, 2);
}

describe(`window ${me} of two, with the CLI`, () => {
  let plan: WindowsPlan;

  before(async () => {
    assert.ok(syncDir && (me === 'A' || me === 'B'), 'run by test/bed/twoWindows.ts');
    plan = JSON.parse(fs.readFileSync(syncFile('plan.json'), 'utf8')) as WindowsPlan;
    await activateExtension();
    const mine = plan.actors[me];
    await openEditor(mine.own);
    await openEditor(plan.shared);
    // The CLI marked the shared file before the windows opened: every line of it is flagged here before the race.
    await waitFor(() => flaggedLines(plan.shared).length === plan.sharedLines.length, 'the shared regions to show', 60_000);
    fs.writeFileSync(syncFile(plan.sync.ready[me]), '');
    await waitFor(() => fs.existsSync(syncFile(plan.sync.go)), 'the other actors to be ready', 240_000);
  });

  it('marks its lines and reviews its regions while the other window and the CLI do the same', async () => {
    const mine = plan.actors[me];
    const shared = [...mine.reviewsShared];
    for (const line of mine.marks) {
      await select(mine.own, line, true);
      const marked = await vscode.commands.executeCommand<number>('loadbearing.markSelection');
      assert.equal(marked, 1, `line ${line} marked`);
      await jitter();
      if (mine.reviewsOwn.includes(line)) {
        await select(mine.own, line, false);
        await waitFor(() => flaggedLines(mine.own).includes(line - 1), `line ${line} of ${mine.own} to be flagged`);
        const result = await vscode.commands.executeCommand<{ reviewed: number }>('loadbearing.reviewRegion');
        assert.equal(result?.reviewed, 1, `line ${line} of ${mine.own} reviewed`);
      }
      const next = shared.shift();
      if (next !== undefined) {
        await select(plan.shared, next, false);
        const result = await vscode.commands.executeCommand<{ reviewed: number }>('loadbearing.reviewRegion');
        assert.equal(result?.reviewed, 1, `line ${next} of ${plan.shared} reviewed`);
      }
      await jitter();
    }
    assert.deepEqual(shared, [], 'every planned review of the shared file was made');
    fs.writeFileSync(syncFile(plan.sync.done[me]), '');
  });

  it("shows every actor's marks and reviews once the race is over", async () => {
    await waitFor(() => fs.existsSync(syncFile(plan.sync.end)), 'the other actors to finish', 240_000);
    for (const [rel, lines] of Object.entries(plan.expected)) {
      await openEditor(rel);
      const want = lines.map((l) => l - 1);
      await waitFor(() => JSON.stringify(flaggedLines(rel)) === JSON.stringify(want), `${rel} to be flagged on lines ${want}`, 30_000).catch(
        () => assert.deepEqual(flaggedLines(rel), want, `${rel}: 0-based lines of the unreviewed regions`),
      );
    }
  });
});
