/**
 * One log line per HTTP request, when it finishes. Probe and scrape traffic (/healthz, /readyz,
 * /metrics) logs at debug, so a pod's info log is its real traffic. The query string is left out:
 * some platforms carry tokens there (the value scrubber would catch them anyway).
 */
import type { ServerResponse } from "node:http";
import type { Logger } from "pino";

const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

export function logWhenFinished(log: Logger, method: string, path: string, res: ServerResponse, clientId?: () => string | undefined): void {
  const started = process.hrtime.bigint();
  res.once("finish", () => {
    const level = res.statusCode >= 500 ? "error" : QUIET_PATHS.has(path) ? "debug" : "info";
    if (!log.isLevelEnabled(level)) return;
    const client = clientId?.();
    log[level](
      { method, path, status: res.statusCode, durationMs: Number(process.hrtime.bigint() - started) / 1e6, ...(client ? { clientId: client } : {}) },
      "request",
    );
  });
}
