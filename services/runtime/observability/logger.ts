/**
 * The server's pino logger: JSON lines, secrets redacted twice over. Known secret-bearing fields
 * (authorization headers, cookies, API-key headers) are censored by path; then every loaded
 * credential value is scrubbed from the serialized line, wherever it appears.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../environment.js";
import type { SecretScrubber } from "./secret-scrubber.js";

const SECRET_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-figma-token", "x-portkey-api-key"];

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`, `*.headers["${h}"]`, `request.headers["${h}"]`]),
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "password",
  "*.password",
  "secret",
  "*.secret",
];

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
    flush: () =>
      new Promise((resolve) => {
        log.flush(() => resolve());
      }),
  };
}
