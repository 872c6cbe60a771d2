// A process that writes to a ledger the way the server and the CLI do, reporting each update once it returned:
// the fault-injection tests kill it at random and check that every reported update survived.
import { LedgerStore } from '../../../core/ledger/ledgerStore';

async function main(): Promise<void> {
  const [gitDir, id, countText] = process.argv.slice(2);
  const store = new LedgerStore(gitDir);
  const count = Number(countText);
  for (let k = 0; k < count; k++) {
    const origin = `${id}-${k}`;
    const time = new Date().toISOString();
    await store.update({
      files: { [`${id}/file${k}.ts`]: { snapshot: `// ${origin}\n`.repeat(200), regions: [{ origin, start: 0, end: 10 }], updated: time } },
      origins: [{ id: origin, source: 'agent', confidence: 'certain', time, path: `${id}/file${k}.ts` }],
      acks: [{ origin, textHash: 'h', path: `${id}/file${k}.ts`, reviewer: { name: 'Worker', email: 'w@example.com' }, time }],
    });
    // Reported only after update() resolved: from here on it must never be lost.
    process.stdout.write(`DONE ${origin}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${String(error)}\n`);
  process.exit(3);
});
