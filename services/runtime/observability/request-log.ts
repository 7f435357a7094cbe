/**
 * One log line per HTTP request, when it finishes. Probe and scrape traffic (/healthz, /readyz,
 * /metrics) logs at debug, so a pod's info log is its real traffic. The query string is left out:
 * some platforms carry tokens there (the value scrubber would catch them anyway).
 */
import type { RequestHandler } from "express";
import type { Logger } from "pino";

const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const path = req.path;
      const level = res.statusCode >= 500 ? "error" : QUIET_PATHS.has(path) ? "debug" : "info";
      if (!log.isLevelEnabled(level)) return;
      log[level](
        {
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          ...(req.auth ? { clientId: req.auth.clientId } : {}),
        },
        "request",
      );
    });
    next();
  };
}
