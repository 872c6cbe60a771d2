// Argument parsing for every command: node's util.parseArgs, with its errors turned into one-line usage errors.
import { parseArgs } from 'node:util';
import { parseTierList } from '../core/review/commitGate';
import { DEFAULT_GATE_TIERS, type Tier } from '../core/tier';
import { UsageError } from './command';

export type OptionSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export function parseCommandArgs(args: string[], options: OptionSpec): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (error) {
    // Node's messages run on with advice about `--`; the first sentence is the reason.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split(/\.\s/)[0].replace(/\.$/, ''));
  }
}

/** Refuses an argument past the `max` positional ones a command takes, in the same words for every command. */
export function rejectExtraPositionals(parsed: ParsedArgs, max = 0): void {
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`);
}

export function stringValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** --tiers, else LOADBEARING_GATE_TIERS, else the default. */
export function gateTiers(flag: string | undefined, env: NodeJS.ProcessEnv): Tier[] {
  const text = flag ?? env.LOADBEARING_GATE_TIERS;
  if (text === undefined) return [...DEFAULT_GATE_TIERS];
  try {
    return parseTierList(text);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
