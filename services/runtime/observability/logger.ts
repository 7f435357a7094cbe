/**
 * The server's pino logger: JSON lines, secrets redacted twice over. Known secret-bearing fields
 * (authorization headers, cookies, API-key headers) are censored by path; then every loaded
 * credential value is scrubbed from the serialized line, wherever it appears.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../environment.js";
import type { SecretScrubber } from "./secret-scrubber.js";

/**
 * Kept short on purpose: pino checks every path on every line, and the value scrubber below
 * catches every loaded credential wherever it appears anyway. These cover what is not a loaded
 * credential: agents' bearer tokens and cookies in logged headers, tokens minted at run time.
 */
export const REDACT_PATHS: readonly string[] = [
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.headers[\"x-api-key\"]",
  "token",
  "accessToken",
  "refreshToken",
];

const FLUSH_TIMEOUT_MS = 2_000;

export interface RuntimeLogger {
  readonly log: Logger;
  /** writes out buffered lines (call before exit) */
  flush(): Promise<void>;
}

export function createRuntimeLogger(options: {
  readonly level: LogLevel;
  readonly scrubber: SecretScrubber;
  readonly base: Readonly<Record<string, string>>;
  /** defaults to stdout, buffered; tests pass a stream they read */
  readonly destination?: DestinationStream;
}): RuntimeLogger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: false });
  const log = pino(
    {
      level: options.level,
      base: { ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: "[REDACTED]" },
      hooks: { streamWrite: (line) => options.scrubber.scrub(line) },
    },
    destination,
  );
  return {
    log,
    // bounded: with stdout's reader gone (the local fleet's supervisor killed) a flush may never
    // complete, and shutdown must not wait for it forever
    flush: () =>
      new Promise((resolve) => {
        const giveUp = setTimeout(resolve, FLUSH_TIMEOUT_MS);
        log.flush(() => {
          clearTimeout(giveUp);
          resolve();
        });
      }),
  };
}
