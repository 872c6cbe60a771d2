// What every CLI command is and gets: the command's shape, the process it runs in (CliIo), and the error for bad usage.
// A leaf: the command files, the command table and the dispatcher all import it, and it imports none of them.

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  details?: string;
  /** Run by the hooks, not by people: left out of `--help`. */
  internal?: boolean;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Default process.env; git runs with it (inside a hook it carries GIT_INDEX_FILE). */
  env?: NodeJS.ProcessEnv;
  /** Asks the user a question and reads one line of answer (a terminal or a pipe); undefined at the end of the input. */
  ask?(question: string): Promise<string | undefined>;
  /** stdout is a terminal: colours are allowed (NO_COLOR still turns them off). */
  color?: boolean;
  /** Milliseconds, for how long a region was on screen; default Date.now (tests pass a clock). */
  now?(): number;
  /** The running CLI and the program running it, recorded in the hooks; default process.argv[1] and process.execPath. */
  cliPath?: string;
  runtimePath?: string;
  /** Standard input for commands that read it (agent-hook); default process.stdin. */
  input?: string;
}

/** Bad usage: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {}
