/**
 * The HTTP surface of a server (DESIGN.md, "A server"):
 *   POST /mcp                      MCP over streamable HTTP (Host/Origin checked, agents authenticated)
 *   GET  /healthz                  liveness: the process serves; never touches the platform. Says
 *                                  which platform it serves and its MCP_INSTANCE_ID, so whoever
 *                                  started it can tell it from another process on the port
 *   GET  /readyz                   readiness: 200, or 503 with the list of problems
 *   GET  /metrics                  Prometheus text
 *   POST {webhook_path}/events     the platform's webhooks (raw body to the intake)
 *   GET  /.well-known/oauth-protected-resource[/mcp]  RFC 9728 metadata (oauth mode)
 *   plus the definition's own routes.
 * Health, readiness, metrics and webhooks are unauthenticated; webhooks authenticate by signature.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { AgentAuth } from "../agent-auth/agent-auth.js";
import type { HttpRoute } from "../contract.js";
import type { McpEndpoint } from "../mcp/endpoint.js";
import { logWhenFinished } from "../observability/request-log.js";
import type { SecretScrubber } from "../observability/secret-scrubber.js";
import { hostProblem, type HostPolicy } from "./host-guard.js";
import { HttpError, readBody, sendJson } from "./http-io.js";
import { definitionRoute, type BodyRoute } from "./raw-routes.js";
import type { ReadinessReport } from "./readiness.js";

export interface AppParts {
  /** reported on /healthz */
  readonly identity: { readonly platform: string; readonly instance?: string };
  readonly log: Logger;
  readonly scrubber: SecretScrubber;
  readonly registry: Registry;
  readonly hostPolicy: HostPolicy;
  readonly agentAuth: AgentAuth;
  readonly mcp: McpEndpoint;
  readiness(): Promise<ReadinessReport>;
  readonly maxBodyBytes: number;
  /** POST route for the platform's webhooks, when it has any */
  readonly webhook?: { readonly path: string; readonly handle: BodyRoute };
  readonly routes: readonly HttpRoute[];
}

type Simple = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export function buildApp(parts: AppParts): RequestListener {
  const gets = new Map<string, Simple>([
    ["/healthz", (_req, res) => sendJson(res, 200, { status: "ok", ...parts.identity })],
    ["/readyz", (_req, res) => readyz(parts, res)],
    [
      "/metrics",
      async (_req, res) => {
        const text = await parts.registry.metrics();
        res.writeHead(200, { "content-type": parts.registry.contentType }).end(text);
      },
    ],
  ]);
  const metadata = parts.agentAuth.metadata;
  for (const path of metadata?.paths ?? []) {
    gets.set(path, (_req, res) => sendJson(res, 200, metadata!.document(), { "access-control-allow-origin": "*" }));
  }
  const posts = new Map<string, BodyRoute>();
  if (parts.webhook) posts.set(parts.webhook.path, parts.webhook.handle);
  for (const route of parts.routes) {
    const handle = definitionRoute(route, parts.log);
    if (route.method === "GET") gets.set(route.path, (req, res) => handle(req, res, Buffer.alloc(0), new URL(req.url ?? "/", "http://localhost")));
    else posts.set(route.path, handle);
  }

  const serveMcp = async (req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse) => {
    // streamable HTTP defines POST, GET and DELETE on the endpoint; anything else is not ours to parse
    if (!MCP_METHODS.has(req.method ?? "")) {
      return sendJson(res, 405, { jsonrpc: "2.0", error: { code: -32000, message: `method ${req.method} not allowed on /mcp` }, id: null }, { allow: "POST, GET, DELETE" });
    }
    const charset = declaredCharset(req.headers["content-type"]);
    if (req.method === "POST" && charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
      return sendJson(res, 415, { jsonrpc: "2.0", error: { code: -32000, message: `unsupported charset "${charset}": MCP messages are UTF-8 JSON` }, id: null });
    }
    const problem = hostProblem(parts.hostPolicy, req);
    if (problem !== undefined) return sendJson(res, 403, { jsonrpc: "2.0", error: { code: -32000, message: problem }, id: null });
    const outcome = await parts.agentAuth.authenticate(req);
    if (!outcome.ok) {
      res.writeHead(outcome.status, { ...outcome.headers, "content-type": "application/json" }).end(outcome.body);
      return;
    }
    if (outcome.auth) req.auth = outcome.auth;
    await parts.mcp.handle(req, res);
  };

  return (req: IncomingMessage & { auth?: AuthInfo }, res) => {
    const rawUrl = req.url ?? "/";
    const queryAt = rawUrl.indexOf("?");
    const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    logWhenFinished(parts.log, req.method ?? "", path, res, () => req.auth?.clientId);
    const handled = (async () => {
      if (path === "/mcp") return serveMcp(req, res);
      const url = new URL(rawUrl, "http://localhost");
      const get = gets.get(path);
      const post = posts.get(path);
      if (get && (req.method === "GET" || req.method === "HEAD")) return get(req, res);
      if (post && req.method === "POST") return post(req, res, await readBody(req, parts.maxBodyBytes), url);
      if (get || post) return sendJson(res, 405, { error: "method not allowed" }, { allow: get ? "GET" : "POST" });
      return sendJson(res, 404, { error: "not found" });
    })();
    handled.catch((error: unknown) => fail(parts.log, path, res, error));
  };
}

const MCP_METHODS = new Set(["POST", "GET", "DELETE"]);

/** the charset parameter of a Content-Type header, lower-cased and unquoted, if one is given */
function declaredCharset(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return match?.[1]?.toLowerCase();
}

async function readyz(parts: AppParts, res: ServerResponse): Promise<void> {
  const report = await parts.readiness();
  const problems = report.problems.map((p) => parts.scrubber.scrub(p));
  sendJson(res, report.ready ? 200 : 503, { status: report.ready ? "ready" : "not ready", problems });
}

function fail(log: Logger, path: string, res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    log.info({ path, status: error.status, reason: error.message }, "request rejected");
    // the rest of an oversized body is not read; close the connection rather than drain it
    if (!res.headersSent) sendJson(res, error.status, { error: error.message }, { connection: "close" });
    return;
  }
  log.error({ err: error, path }, "request failed");
  if (!res.headersSent) sendJson(res, 500, { error: "internal error; the problem was logged" });
  else res.end();
}
