import { inspect } from "node:util";

const REDACTED = "[secret]";

/**
 * A credential value that never prints. String conversion, JSON, `util.inspect` (console.log,
 * pino's serializers, vitest's diff output) all show "[secret]"; only `reveal()` hands out the
 * plaintext, so every place that really needs it is greppable.
 */
export class SecretValue {
  readonly #plaintext: string;

  constructor(
    plaintext: string,
    /** whether the source marked it secret (ESC `fn::secret`); unmarked credentials are still redacted */
    readonly markedSecret: boolean = true,
  ) {
    this.#plaintext = plaintext;
  }

  reveal(): string {
    return this.#plaintext;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * Makes a plain string record print as its key names only, while it stays a plain record for
 * code that reads it: `{ ...record }`, `Object.entries` and property access see the values,
 * `JSON.stringify` and `util.inspect` see `{ NAME: "[secret]" }`. The hooks are non-enumerable
 * so spreading the record into a child process environment copies only the variables.
 */
export function redactedRecord<T extends Record<string, string>>(record: T): T {
  const printable = (): Record<string, string> =>
    Object.fromEntries(Object.keys(record).map((key) => [key, REDACTED]));
  Object.defineProperty(record, "toJSON", { value: printable, enumerable: false });
  Object.defineProperty(record, inspect.custom, {
    value: (_depth: number, options: Parameters<typeof inspect>[1]) => inspect(printable(), options),
    enumerable: false,
  });
  return record;
}
