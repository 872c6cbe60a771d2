// The real language server's review handler enforces the tier's review rule (core/tier.ts reviewsOneAtATime) whatever
// the client sends: a request naming several regions is refused when one is in a critical file, and records nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MarkRequest, RegionsNotification, RegionsParams, ReviewRequest } from '../../core/protocol';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';
import { ServerProcess } from './helpers/serverProcess';

describe('language server review of several regions at once', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;
  afterEach(() => server?.dispose());

  /** Opens `rel`, marks each line range as its own AI edit, and returns the regions as refs once shown. */
  async function twoRegions(s: ServerProcess, repo: TestRepo, rel: string) {
    const uri = pathToFileURL(repo.path(rel)).toString();
    await s.openDocument(uri, repo.read(rel));
    const ranges = [
      { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } },
      { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } },
    ];
    for (const range of ranges) assert.equal(await s.connection.sendRequest(MarkRequest.type, { uri, ranges: [range], source: 'agent' }), 1);
    const shown = await s.waitFor<RegionsParams>(RegionsNotification.type, (p) => p.uri === uri && p.regions.length === 2);
    return shown.regions.map((r) => ({ uri, origin: r.origin, range: r.range }));
  }

  function acknowledgedPaths(repo: TestRepo): string[] {
    const file = repo.ledgerFile();
    if (!fs.existsSync(file)) return [];
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { acks: { path: string }[] }).acks.map((a) => a.path);
  }

  it('refuses two regions of a critical file together, then accepts each alone; two of a high file go together', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, 'src/auth/login.ts': numbered(6), 'infra/main.tf': numbered(6) });
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: true } });
    const critical = await twoRegions(server, repo, 'src/auth/login.ts');

    await assert.rejects(server.connection.sendRequest(ReviewRequest.type, { regions: critical }), /src\/auth\/login\.ts is critical: its AI edits are reviewed one region at a time/);
    // With a high region first, the critical one still refuses the whole request.
    const high = await twoRegions(server, repo, 'infra/main.tf');
    await assert.rejects(server.connection.sendRequest(ReviewRequest.type, { regions: [high[0], critical[0]] }), /one region at a time/);
    assert.deepEqual(acknowledgedPaths(repo), [], 'a refused request records nothing');

    assert.equal((await server.connection.sendRequest(ReviewRequest.type, { regions: [critical[0]] })).reviewed, 1);
    assert.equal((await server.connection.sendRequest(ReviewRequest.type, { regions: [critical[1]] })).reviewed, 1);
    assert.equal((await server.connection.sendRequest(ReviewRequest.type, { regions: high })).reviewed, 2);
    assert.deepEqual(acknowledgedPaths(repo).sort(), ['infra/main.tf', 'infra/main.tf', 'src/auth/login.ts', 'src/auth/login.ts']);
  });
});
