/**
 * The HTTP surface of a server (DESIGN.md, "A server"):
 *   POST /mcp                      MCP over streamable HTTP (Host/Origin checked, agents authenticated)
 *   GET  /healthz                  liveness: the process serves; never touches the platform
 *   GET  /readyz                   readiness: 200, or 503 with the list of problems
 *   GET  /metrics                  Prometheus text
 *   POST {webhook_path}/events     the platform's webhooks (raw body to the intake)
 *   GET  /.well-known/oauth-protected-resource[/mcp]  RFC 9728 metadata (oauth mode)
 *   plus the definition's own routes.
 * Health, readiness, metrics and webhooks are unauthenticated; webhooks authenticate by signature.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { AgentAuth } from "../agent-auth/agent-auth.js";
import type { HttpRoute } from "../contract.js";
import type { McpEndpoint } from "../mcp/endpoint.js";
import { requestLog } from "../observability/request-log.js";
import type { SecretScrubber } from "../observability/secret-scrubber.js";
import { hostGuard, type HostPolicy } from "./host-guard.js";
import { definitionRoute, rawBody } from "./raw-routes.js";
import type { ReadinessReport } from "./readiness.js";

export interface AppParts {
  readonly log: Logger;
  readonly scrubber: SecretScrubber;
  readonly registry: Registry;
  readonly hostPolicy: HostPolicy;
  readonly agentAuth: AgentAuth;
  readonly mcp: McpEndpoint;
  readiness(): Promise<ReadinessReport>;
  readonly maxBodyBytes: number;
  /** POST route for the platform's webhooks, when it has any */
  readonly webhook?: { readonly path: string; readonly handler: RequestHandler };
  readonly routes: readonly HttpRoute[];
}

export function buildApp(parts: AppParts): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(requestLog(parts.log));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res, next) => {
    try {
      const report = await parts.readiness();
      const problems = report.problems.map((p) => parts.scrubber.scrub(p));
      res.status(report.ready ? 200 : 503).json(report.ready ? { status: "ready", problems } : { status: "not ready", problems });
    } catch (error) {
      next(error);
    }
  });
  app.get("/metrics", async (_req, res, next) => {
    try {
      const text = await parts.registry.metrics();
      res.type(parts.registry.contentType).send(text);
    } catch (error) {
      next(error);
    }
  });

  const metadata = parts.agentAuth.metadata;
  if (metadata) {
    for (const path of metadata.paths) {
      app.get(path, (_req, res) => {
        res.set("access-control-allow-origin", "*").json(metadata.document());
      });
    }
  }

  const mcpHandler: RequestHandler = (req, res, next) => {
    parts.mcp.handle(req, res).catch(next);
  };
  app.all("/mcp", hostGuard(parts.hostPolicy), parts.agentAuth.guard, mcpHandler);

  if (parts.webhook) app.post(parts.webhook.path, rawBody(parts.maxBodyBytes), parts.webhook.handler);
  for (const route of parts.routes) {
    const handler = definitionRoute(route, { log: parts.log, scrubber: parts.scrubber });
    if (route.method === "GET") app.get(route.path, handler);
    else app.post(route.path, rawBody(parts.maxBodyBytes), handler);
  }

  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use(errorHandler(parts.log));
  return app;
}

/** body-parser errors carry their HTTP status (413 too large, 400 bad encoding); the rest are bugs */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = httpStatusOf(error);
    if (status !== undefined && status < 500) {
      log.info({ path: req.path, status, reason: (error as Error).message }, "request rejected");
      if (!res.headersSent) res.status(status).json({ error: status === 413 ? "request body too large" : (error as Error).message });
      return;
    }
    log.error({ err: error, path: req.path }, "request failed");
    if (!res.headersSent) res.status(500).json({ error: "internal error; the problem was logged" });
    else res.end();
  };
}

function httpStatusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : undefined;
}
