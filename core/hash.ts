// Hex digests with Node's one-shot `crypto.hash` (Node ≥ 20.12; a Hash object elsewhere): the gate hashes thousands
// of short region texts and 200 staged files, one call each. `crypto` is looked up at the first hash, not when this
// module loads: the bundles load it on first use (scripts/bundle.mjs, lazyBuiltins), and each lookup goes through that
// loader, so it is taken once.
import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;

let oneShot: OneShotHash | null | undefined;

/** Loads `crypto` now (the gate does, while git runs), so that the first hash does not wait for it. */
export function loadHashing(): void {
  oneShot ??= (crypto as { hash?: OneShotHash }).hash ?? null;
}

export function hashHex(algorithm: 'sha1' | 'sha256', data: string | Buffer): string {
  loadHashing();
  return oneShot ? oneShot(algorithm, data, 'hex') : crypto.createHash(algorithm).update(data).digest('hex');
}
