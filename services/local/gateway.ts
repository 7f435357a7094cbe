/**
 * The local stand-in for the cluster's webhook routes: `/webhook/<platform>/...` goes to that
 * platform's server exactly as the HTTPRoute / Ingress path prefixes do in Kubernetes. It also
 * serves the fleet status page (HTML at `/`, JSON at `/status`), and `/mcp` is the fleet endpoint
 * (the one MCP URL for agents), routed like a path prefix.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  readonly pathPrefix: string;
  readonly port: number;
  /**
   * Why nothing may be forwarded to the port now (the fleet did not start the server there, or it
   * is not running as that platform), or undefined when it may: asked on every request, so a
   * foreign process holding the port never receives a webhook
   */
  readonly refusal?: () => string | undefined;
}

export interface GatewayOptions {
  readonly host: string;
  readonly port: number;
  /** read on every request, so routes can be added once the gateway's own port is known */
  readonly routes: readonly Route[];
  readonly statusJson: () => unknown;
  readonly statusHtml: () => string;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export function matchRoute(routes: readonly Route[], pathname: string): Route | undefined {
  return routes.find((r) => pathname === r.pathPrefix || pathname.startsWith(`${r.pathPrefix}/`));
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://gateway.local");
    if (req.method === "GET" && url.pathname === "/status") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(options.statusJson(), null, 2));
      return;
    }
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/index.html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(options.statusHtml());
      return;
    }
    const route = matchRoute(options.routes, url.pathname);
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `no route for ${url.pathname}` }));
      return;
    }
    const refused = route.refusal?.();
    if (refused !== undefined) {
      // 503 makes the platform retry later; the event was not acknowledged
      res.writeHead(503, { "content-type": "application/json", "retry-after": "5" });
      res.end(JSON.stringify({ error: `not forwarded: ${refused}` }));
      req.resume();
      return;
    }
    forward(req, res, route);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Streams the request to the server unchanged (the raw body is what signatures cover). */
function forward(req: http.IncomingMessage, res: http.ServerResponse, route: Route): void {
  const upstream = http.request(
    {
      host: "127.0.0.1",
      port: route.port,
      method: req.method,
      path: req.url,
      headers: {
        ...req.headers,
        "x-forwarded-for": req.socket.remoteAddress ?? "",
        "x-forwarded-host": req.headers.host ?? "",
        "x-forwarded-proto": "http",
      },
    },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) {
      // 503 makes the platform retry later; the event was not acknowledged
      res.writeHead(503, { "content-type": "application/json", "retry-after": "5" });
    }
    res.end(JSON.stringify({ error: "integration server unavailable" }));
  });
  // a caller that goes away (an agent cancelling an MCP call) takes the forwarded request with it
  res.once("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
