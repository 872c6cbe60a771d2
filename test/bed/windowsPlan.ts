// The two-windows race, as data: the test bed writes it to the sync folder as plan.json, each window reads its own
// part (test/integration/windows/). Lines are 1-based, as in the CLI; every region is one whole line, none touch.

export type Actor = 'A' | 'B' | 'cli';

export interface ActorPlan {
  /** The file this actor marks lines in. */
  own: string;
  /** Lines it marks there, in order. */
  marks: number[];
  /** Of those, the ones it reviews itself (each right after marking it). */
  reviewsOwn: number[];
  /** Lines of the shared file it reviews (marked by the CLI before the race). */
  reviewsShared: number[];
}

export interface WindowsPlan {
  shared: string;
  sharedLines: number[];
  actors: Record<Actor, ActorPlan>;
  /** Per file, the 1-based lines of the regions left unreviewed once every actor is done. */
  expected: Record<string, number[]>;
  /** Names of the files, in the sync folder, that each side waits for. */
  sync: typeof SYNC;
}

export const ACTORS: Actor[] = ['A', 'B', 'cli'];

/** Sync files in the folder named by LOADBEARING_SYNC_DIR; a window writes ready and done, the bed go and end. */
export const SYNC = {
  ready: { A: 'ready-A', B: 'ready-B' },
  go: 'go',
  done: { A: 'done-A', B: 'done-B' },
  end: 'end',
};

export function makePlan(marksPerActor = 10): WindowsPlan {
  const lines = (count: number) => Array.from({ length: count }, (_, i) => 2 * i + 1);
  const sharedLines = lines(3 * marksPerActor);
  const actor = (own: string, index: number): ActorPlan => ({
    own,
    marks: lines(marksPerActor),
    reviewsOwn: lines(marksPerActor).filter((_, i) => i % 2 === 0),
    reviewsShared: sharedLines.filter((_, i) => i % 3 === index),
  });
  const actors = { A: actor('src/auth/window-a.ts', 0), B: actor('src/auth/window-b.ts', 1), cli: actor('src/payments/agent.ts', 2) };
  const expected: Record<string, number[]> = { 'src/auth/shared.ts': [] };
  for (const p of Object.values(actors)) expected[p.own] = p.marks.filter((line) => !p.reviewsOwn.includes(line));
  return { shared: 'src/auth/shared.ts', sharedLines, actors, expected, sync: SYNC };
}

/** The file text every planned file starts with: enough numbered lines for every mark. */
export function fileText(lineCount: number): string {
  return Array.from({ length: lineCount }, (_, i) => `export const line${i + 1} = ${i + 1};\n`).join('');
}
