// Runs git for the CLI: plain output, NUL-separated lists, and many blobs through one `git cat-file --batch`.
// Every process goes through core/git/run.ts, the one runner shared with the server and the hook installer.
import { GitError, runGit } from '../core/git/run';

export interface GitOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** git's stdout as a Buffer; rejects with GitError (naming the command and git's message) on a non-zero exit. */
export function gitBuffer(cwd: string, args: string[], options: GitOptions = {}): Promise<Buffer> {
  // The inherited environment matters (runGit's default): inside a hook, GIT_INDEX_FILE names the index being committed.
  return runGit(args, { cwd, env: options.env, input: options.input });
}

export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  return (await gitBuffer(cwd, args, options)).toString('utf8');
}

/** A `-z` list: NUL-separated, without the empty tail. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((s) => s !== '');
}

/**
 * The contents of many objects (`<rev>:<path>`, `:<path>` or blob ids) with one git process; an object that
 * does not exist maps to undefined. File contents are decoded with `decodeFileText`; notes and policies are UTF-8.
 */
export function readBlobs(
  cwd: string,
  specs: string[],
  env?: NodeJS.ProcessEnv,
  decode: (bytes: Buffer) => string = (bytes) => bytes.toString('utf8'),
): Promise<Map<string, string | undefined>> {
  const result = new Map<string, string | undefined>();
  if (specs.length === 0) return Promise.resolve(result);
  for (const spec of specs) {
    // cat-file reads one spec per line; such a path cannot be asked this way (and cannot be in a ledger usefully).
    if (spec.includes('\n')) throw new GitError(`cannot read ${JSON.stringify(spec)}: path contains a line break`, null, '');
  }
  // All the specs go in at once and stdin is closed, so the batch is an ordinary run; no output limit, as the blobs
  // of a whole tree can be large.
  return runGit(['cat-file', '--batch'], { cwd, env, input: specs.join('\n') + '\n', maxBuffer: Infinity }).then((out) => {
    let pos = 0;
    for (const spec of specs) {
      const eol = out.indexOf(10, pos);
      if (eol < 0) throw new GitError('git cat-file: output ended early', null, '');
      const header = out.toString('utf8', pos, eol);
      pos = eol + 1;
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!match) {
        result.set(spec, undefined); // "<spec> missing" or "ambiguous"
        continue;
      }
      const size = Number(match[2]);
      result.set(spec, match[1] === 'blob' ? decode(out.subarray(pos, pos + size)) : undefined);
      pos += size + 1;
    }
    return result;
  });
}
