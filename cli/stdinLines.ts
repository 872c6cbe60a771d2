// Answers from standard input, one line per question, whether it is a terminal or a pipe (`printf 'y\nn\n' | loadbearing
// review`): one reader for the whole run, so lines that arrive together are queued rather than lost between questions.
import type * as readline from 'node:readline';

export class StdinLines {
  private reader: readline.Interface | undefined;
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly prompt: (question: string) => void,
  ) {}

  /** Writes the question, then resolves with the next line, or undefined once the input has ended. */
  ask(question: string): Promise<string | undefined> {
    this.prompt(question);
    this.start();
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Stops reading so the process can exit (stdin would keep it alive). */
  close(): void {
    this.reader?.close();
    if (this.reader) (this.input as NodeJS.ReadStream).pause?.();
  }

  // Started on the first question only: commands that never ask must not hold stdin open.
  private start(): void {
    if (this.reader) return;
    // terminal: false — a TTY stays in cooked mode, so the terminal echoes and edits the line as usual.
    // Loaded here: only the commands that ask a question pay for the module.
    const { createInterface } = require('node:readline') as typeof readline;
    this.reader = createInterface({ input: this.input, terminal: false });
    this.reader.on('line', (line) => this.deliver(line));
    this.reader.on('close', () => {
      this.ended = true;
      this.deliver(undefined);
    });
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(line);
    } else if (line !== undefined) this.lines.push(line);
  }
}
