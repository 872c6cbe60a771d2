// What the server makes of the gate's audit events for the client: a refusal's count, and a refusal for a corrupted
// ledger told in the one wording every part uses for it (core/ledger/ledgerStore.ts describeCorruptLedger).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { GateRefusedNotification, GateRefusedParams } from '../../core/protocol';
import { GateEvents } from '../../server/gateEvents';

const repo = { root: '/work/repo', gitDir: '/work/repo/.git', commonDir: '/work/repo/.git' };

function sentBy(events: Record<string, unknown>[]): GateRefusedParams[] {
  const sent: GateRefusedParams[] = [];
  const connection = {
    sendNotification: (type: { method: string }, params: unknown) => {
      if (type.method === GateRefusedNotification.method) sent.push(params as GateRefusedParams);
      return Promise.resolve();
    },
  };
  new GateEvents(connection as never, { error: () => undefined }).audit(repo, events as never);
  return sent;
}

describe('gate events for the client', () => {
  it('a refusal carries how many regions blocked it', () => {
    assert.deepEqual(sentBy([{ type: 'gate', decision: 'refused', blocking: [{}, {}] }, { type: 'gate', decision: 'pass' }]), [{ root: repo.root, blocking: 2 }]);
  });

  it('a refusal for a corrupted ledger names the ledger file in the shared wording', () => {
    const [sent] = sentBy([{ type: 'gate', decision: 'refused', reason: 'ledger-corrupted' }]);
    assert.equal(sent.reason, `the ledger ${path.join(repo.gitDir, 'loadbearing', 'ledger.json')} is corrupted`);
  });
});
