// What the real language server pushes to the client instead of the client reading <git dir>/loadbearing itself: a
// refusal the CLI's gate wrote to the audit log, a commit that bypassed the gate (from the audit log, and from `verify`
// over recent commits, only once the workspace is trusted), and closed files' queue entries (a review pulls nothing).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CommitUnreviewedNotification,
  CommitUnreviewedParams,
  GateRefusedNotification,
  GateRefusedParams,
  MarkRequest,
  QueueChangedNotification,
  QueueFilesNotification,
  QueueFilesParams,
  QueueRequest,
  RegionsNotification,
  RegionsParams,
  ReviewRequest,
  ServerInfoRequest,
  TrustGrantedNotification,
  UnreviewedCommitsNotification,
  UnreviewedCommitsParams,
  UnreviewedCommitsRequest,
} from '../../core/protocol';
import { numbered, POLICY, TestRepo } from './helpers/gitFixture';
import { ServerProcess } from './helpers/serverProcess';

const CRITICAL = 'src/auth/login.ts';

/** A repository whose hooks are installed, with a commit of unreviewed AI code in a critical file made with --no-verify. */
function bypassedRepo(): { repo: TestRepo; commit: string } {
  const repo = TestRepo.create({ '.loadbearing': POLICY, [CRITICAL]: numbered(6) });
  assert.equal(repo.cli(['install-hook']).code, 0);
  repo.write(CRITICAL, numbered(8));
  assert.equal(repo.cli(['mark', CRITICAL, '--lines', '7-8', '--source', 'agent']).code, 0);
  repo.git('add', CRITICAL);
  const committed = repo.commit('Bypass the gate', ['--no-verify']);
  assert.equal(committed.code, 0, committed.err);
  return { repo, commit: repo.head() };
}

describe('language server notifications', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;
  afterEach(() => server?.dispose());

  /** Waits until the server has loaded the workspace's ledger (and watches its folder). */
  async function settled(s: ServerProcess): Promise<void> {
    await s.connection.sendRequest(QueueRequest.type, {});
  }

  it('a commit refused by the CLI’s gate reaches the client as gateRefused, with the number of blocking regions', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, [CRITICAL]: numbered(6) });
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: true } });
    await settled(server);
    repo.write(CRITICAL, numbered(9));
    assert.equal(repo.cli(['mark', CRITICAL, '--lines', '7-7', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['mark', CRITICAL, '--lines', '9-9', '--source', 'agent']).code, 0);
    repo.git('add', CRITICAL);
    const check = repo.cli(['check', '--staged']);
    assert.equal(check.code, 1, check.out + check.err);
    const refused = await server.waitFor<GateRefusedParams>(GateRefusedNotification.type);
    assert.deepEqual(refused, { root: repo.root, blocking: 2 });
    // A gate that lets the commit through says nothing: by the next refusal (the log is read in order), one came before.
    assert.equal(repo.cli(['review', `${CRITICAL}:7`, '--yes']).code, 0);
    assert.equal(repo.cli(['review', `${CRITICAL}:9`, '--yes']).code, 0);
    assert.equal(repo.cli(['check', '--staged']).code, 0);
    assert.equal(repo.cli(['mark', CRITICAL, '--lines', '8-8', '--source', 'agent']).code, 0);
    assert.equal(repo.cli(['check', '--staged']).code, 1);
    await server.waitFor<GateRefusedParams>(GateRefusedNotification.type, (p) => p.blocking === 1);
    assert.deepEqual(server.of<GateRefusedParams>(GateRefusedNotification.type).map((p) => p.blocking), [2, 1]);
  });

  it('a commit made with --no-verify: commitUnreviewed at once, then listed by the unreviewed commits request', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, [CRITICAL]: numbered(6) });
    assert.equal(repo.cli(['install-hook']).code, 0);
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: true } });
    await settled(server);
    assert.deepEqual(await server.connection.sendRequest(UnreviewedCommitsRequest.type, {}), [{ root: repo.root, commits: [] }]);
    repo.write(CRITICAL, numbered(8));
    assert.equal(repo.cli(['mark', CRITICAL, '--lines', '7-8', '--source', 'agent']).code, 0);
    repo.git('add', CRITICAL);
    assert.equal(repo.commit('Bypass the gate', ['--no-verify']).code, 0);
    const head = repo.head();
    const bypass = await server.waitFor<CommitUnreviewedParams>(CommitUnreviewedNotification.type);
    assert.deepEqual(bypass, { root: repo.root, commit: head, unreviewed: 1 });
    const [found] = await server.connection.sendRequest(UnreviewedCommitsRequest.type, {});
    assert.equal(found.root, repo.root);
    assert.deepEqual(
      found.commits.map((c) => [c.commit, c.subject, c.problems.map((p) => [p.kind, p.path, p.startLine, p.endLine, p.tier, p.source])]),
      [[head, 'Bypass the gate', [['unacknowledged', CRITICAL, 7, 8, 'critical', 'agent']]]],
    );
  });

  it('a trusted start pushes the recent commits that bypassed the gate', async () => {
    const { repo, commit } = bypassedRepo();
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: true } });
    const pushed = await server.waitFor<UnreviewedCommitsParams>(UnreviewedCommitsNotification.type);
    assert.equal(pushed.root, repo.root);
    assert.deepEqual(pushed.commits.map((c) => [c.commit, c.subject, c.problems.length]), [[commit, 'Bypass the gate', 1]]);
  });

  it('runs neither git nor the CLI while the workspace is untrusted, and looks once trust is granted', async () => {
    const { repo, commit } = bypassedRepo();
    // A git first on PATH that records each run: the server (and the CLI it would start) would go through it.
    const shim = path.join(repo.home, 'shim');
    const runs = path.join(repo.home, 'git-runs.txt');
    fs.mkdirSync(shim);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(shim, 'git'), `#!/bin/sh\necho "$*" >> '${runs}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    const env = { ...repo.env, PATH: `${shim}${path.delimiter}${repo.env.PATH ?? ''}` };

    for (const initializationOptions of [undefined, { trusted: false }]) {
      server?.dispose();
      server = await ServerProcess.start(repo, { env, initializationOptions });
      await settled(server);
      await server.connection.sendRequest(ServerInfoRequest.type);
      assert.deepEqual(await server.connection.sendRequest(UnreviewedCommitsRequest.type, {}), []);
      assert.equal(server.of(UnreviewedCommitsNotification.type).length, 0);
      assert.equal(fs.existsSync(runs), false, `nothing ran git: ${fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8') : ''}`);
    }

    await server!.connection.sendNotification(TrustGrantedNotification.type, {});
    const pushed = await server!.waitFor<UnreviewedCommitsParams>(UnreviewedCommitsNotification.type);
    assert.deepEqual(pushed.commits.map((c) => c.commit), [commit]);
    assert.match(fs.readFileSync(runs, 'utf8'), /rev-list --count HEAD/, 'the shim sees the runs once trusted');
  });

  it('a review of an open file pushes no queue change; a closed file’s change and a file closing push that file’s entries', async () => {
    const repo = TestRepo.create({ '.loadbearing': POLICY, [CRITICAL]: numbered(6), 'src/auth/other.ts': numbered(4) });
    server = await ServerProcess.start(repo, { initializationOptions: { trusted: true } });
    const uri = pathToFileURL(repo.path(CRITICAL)).toString();
    await server.openDocument(uri, repo.read(CRITICAL));
    const range = { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } };
    assert.equal(await server.connection.sendRequest(MarkRequest.type, { uri, ranges: [range], source: 'agent' }), 1);
    const shown = await server.waitFor<RegionsParams>(RegionsNotification.type, (p) => p.uri === uri && p.regions.length === 1);
    const { reviewed } = await server.connection.sendRequest(ReviewRequest.type, { regions: [{ uri, origin: shown.regions[0].origin, range }] });
    assert.equal(reviewed, 1);
    await server.waitFor<RegionsParams>(RegionsNotification.type, (p) => p.uri === uri && p.regions[0]?.reviewed === true);

    // Another process records an AI edit in a file that is not open: its entries are pushed, nothing else.
    assert.equal(repo.cli(['mark', 'src/auth/other.ts', '--lines', '2-3', '--source', 'agent']).code, 0);
    const otherUri = pathToFileURL(repo.path('src/auth/other.ts')).toString();
    const pushed = await server.waitFor<QueueFilesParams>(QueueFilesNotification.type, (p) => p.files.some((f) => f.uri === otherUri));
    assert.deepEqual(pushed.files.map((f) => [f.uri, f.entries.map((e) => [e.path, e.tier, e.range.start.line, e.range.end.line])]), [
      [otherUri, [['src/auth/other.ts', 'critical', 1, 3]]],
    ]);
    // The review before it (notifications arrive in order) asked the client for nothing.
    assert.equal(server.of(QueueChangedNotification.type).length, 0, 'no whole-queue pull after a review');
    assert.deepEqual(server.of<QueueFilesParams>(QueueFilesNotification.type).flatMap((p) => p.files.map((f) => f.uri)), [otherUri]);

    // Closing a file with an unreviewed region hands its entries over as a closed file's.
    const second = { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } };
    assert.equal(await server.connection.sendRequest(MarkRequest.type, { uri, ranges: [second], source: 'agent' }), 1);
    await server.waitFor<RegionsParams>(RegionsNotification.type, (p) => p.uri === uri && p.regions.length === 2);
    await server.closeDocument(uri);
    const closed = await server.waitFor<QueueFilesParams>(QueueFilesNotification.type, (p) => p.files.some((f) => f.uri === uri));
    assert.deepEqual(closed.files.find((f) => f.uri === uri)!.entries.map((e) => [e.range.start.line, e.range.end.line, e.reviewed]), [[4, 5, false]]);
  });
});
