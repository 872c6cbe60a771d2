// Reading a JSON file format (the ledger, a commit note): the parse error as the format's own error, and the object test.
/** `text` parsed; invalid JSON throws `formatError("not valid JSON (<why>)")`, so each format names its own error. */
export function parseJson(text: string, formatError: (message: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw formatError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A plain JSON object (not null, not an array): what a validator checks before reading fields. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `record[key] = value` as JSON.parse does it: an own property even for a key like `__proto__` (a file may be so
 * named). For plain records (prototype Object.prototype or null): `__proto__` is the only setter they inherit, so every
 * other key is assigned, which is many times faster than defineProperty (the gate sets thousands of origins).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key !== '__proto__') record[key] = value;
  else Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
