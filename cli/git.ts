// Runs git for the CLI: plain output, NUL-separated lists, and many blobs through one `git cat-file --batch`.
import { execFile, spawn } from 'node:child_process';

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface GitOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** git's stdout as a Buffer; rejects with GitError (naming the command and git's message) on a non-zero exit. */
export function gitBuffer(cwd: string, args: string[], options: GitOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The inherited environment matters: inside a hook, GIT_INDEX_FILE names the index being committed.
    const child = execFile('git', args, { cwd, env: options.env ?? process.env, encoding: 'buffer', maxBuffer: MAX_BUFFER }, (error, stdout, stderr) => {
      if (error) {
        const code = typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null;
        const message = stderr.toString('utf8').trim() || error.message;
        reject(new GitError(`git ${args[0]} failed: ${firstLine(message)}`, code, stderr.toString('utf8')));
      } else {
        resolve(stdout);
      }
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
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
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => reject(new GitError(`git cat-file failed: ${error.message}`, null, stderr)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${firstLine(stderr) || `exit ${code}`}`, code, stderr));
      const out = Buffer.concat(chunks);
      let pos = 0;
      for (const spec of specs) {
        const eol = out.indexOf(10, pos);
        if (eol < 0) return reject(new GitError('git cat-file: output ended early', null, stderr));
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
      resolve(result);
    });
    child.stdin.end(specs.join('\n') + '\n');
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
