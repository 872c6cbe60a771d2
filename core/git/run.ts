// The one process runner: runs git (or the bundled CLI) with arguments, never through a shell, and collects its
// output. The CLI, the language server and the hook installer all run their programs through it.
import { execFile } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  /** Default process.env: inside a git hook it carries GIT_INDEX_FILE, which git must see. */
  env?: NodeJS.ProcessEnv;
  /** Written to the program's standard input, which is then closed. */
  input?: string | Buffer;
  /** Largest stdout accepted, in bytes (default 512 MiB: notes and blobs of a large history). */
  maxBuffer?: number;
}

export interface RunResult {
  /** The exit code; null when the program could not be started or was killed. */
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** Why the program could not run or was stopped (ENOENT, a signal, maxBuffer), when that happened. */
  failure?: string;
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** Runs `file` and resolves whatever the exit: the caller decides what a non-zero code means. */
export function runProcess(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, encoding: 'buffer', maxBuffer: options.maxBuffer ?? MAX_BUFFER },
      (error, stdout, stderr) => {
        const raw = error as (Error & { code?: unknown }) | null;
        const code = !raw ? 0 : typeof raw.code === 'number' ? raw.code : null;
        resolve({ code, stdout, stderr: stderr.toString('utf8'), ...(raw && code === null ? { failure: raw.message } : {}) });
      },
    );
    // A program that exits without reading its input must not turn into an EPIPE crash here.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A git command that failed: names the command and git's first line of complaint. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** git's stdout as bytes; rejects with GitError on a non-zero exit or when git cannot be run. */
export async function runGit(args: readonly string[], options: RunOptions & { git?: string }): Promise<Buffer> {
  const result = await runProcess(options.git ?? 'git', args, options);
  if (result.code === 0) return result.stdout;
  const message = result.stderr.trim() || result.failure || `exit code ${result.code}`;
  throw new GitError(`git ${args[0]} failed: ${message.split('\n')[0]}`, result.code, result.stderr);
}
