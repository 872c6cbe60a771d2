// Argument parsing for every command: node's util.parseArgs, with its errors turned into one-line usage errors.
import { parseArgs } from 'node:util';
import { UsageError } from './usageError';

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

export function stringValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}
