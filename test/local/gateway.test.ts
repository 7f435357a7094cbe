import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { matchRoute, startGateway, type RunningGateway } from "../../services/local/gateway.js";

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

async function echoServer(): Promise<{ port: number; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202, { "x-from": "server" });
      res.end("accepted");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise((r) => server.close(() => r())) };
}

let gateway: RunningGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe("local gateway", () => {
  it("matches path prefixes as the cluster's routes do", () => {
    const routes = [{ pathPrefix: "/webhook/slack", port: 1 }, { pathPrefix: "/webhook/slack2", port: 2 }];
    expect(matchRoute(routes, "/webhook/slack/events")?.port).toBe(1);
    expect(matchRoute(routes, "/webhook/slack")?.port).toBe(1);
    expect(matchRoute(routes, "/webhook/slack2/events")?.port).toBe(2);
    expect(matchRoute(routes, "/webhook/slackx/events")).toBeUndefined();
  });

  it("forwards the raw body, headers and query unchanged to the integration's server", async () => {
    const upstream = await echoServer();
    gateway = await startGateway({
      host: "127.0.0.1",
      port: 0,
      routes: [{ pathPrefix: "/webhook/slack", port: upstream.port }],
      statusJson: () => ({}),
      statusHtml: () => "",
    });
    const body = '{"b": 1,  "a":"ü"}';
    const response = await fetch(`${gateway.url}/webhook/slack/events?x=1`, {
      method: "POST",
      headers: { "x-slack-signature": "v0=abc", "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("x-from")).toBe("server");
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]).toMatchObject({ method: "POST", url: "/webhook/slack/events?x=1" });
    expect(upstream.seen[0]!.body.toString("utf8")).toBe(body);
    expect(upstream.seen[0]!.headers["x-slack-signature"]).toBe("v0=abc");
    expect(upstream.seen[0]!.headers["x-forwarded-proto"]).toBe("http");
    await upstream.close();
  });

  it("answers 404 for paths with no route and 503 (retry later) when the server is down", async () => {
    const upstream = await echoServer();
    await upstream.close();
    gateway = await startGateway({
      host: "127.0.0.1",
      port: 0,
      routes: [{ pathPrefix: "/webhook/gong", port: upstream.port }],
      statusJson: () => ({}),
      statusHtml: () => "",
    });
    expect((await fetch(`${gateway.url}/webhook/nope/events`, { method: "POST" })).status).toBe(404);
    const down = await fetch(`${gateway.url}/webhook/gong/events`, { method: "POST", body: "{}" });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
  });

  it("serves the status as JSON and HTML", async () => {
    gateway = await startGateway({
      host: "127.0.0.1",
      port: 0,
      routes: [],
      statusJson: () => ({ overallStatus: "healthy" }),
      statusHtml: () => "<html>fleet</html>",
    });
    expect(await (await fetch(`${gateway.url}/status`)).json()).toEqual({ overallStatus: "healthy" });
    const page = await fetch(`${gateway.url}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toBe("<html>fleet</html>");
  });
});

describe("local gateway: only to servers the fleet vouches for", () => {
  it("forwards nothing while the route's refusal names a reason, and answers 503 with it", async () => {
    const upstream = await echoServer();
    let refusal: string | undefined = "the slack server is restarting (exited (code 1))";
    gateway = await startGateway({
      host: "127.0.0.1",
      port: 0,
      routes: [{ pathPrefix: "/webhook/slack", port: upstream.port, refusal: () => refusal }],
      statusJson: () => ({}),
      statusHtml: () => "",
    });
    const refused = await fetch(`${gateway.url}/webhook/slack/events`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(await refused.json()).toEqual({ error: "not forwarded: the slack server is restarting (exited (code 1))" });
    expect(upstream.seen).toHaveLength(0);
    refusal = undefined;
    expect((await fetch(`${gateway.url}/webhook/slack/events`, { method: "POST", body: "{}" })).status).toBe(202);
    expect(upstream.seen).toHaveLength(1);
    await upstream.close();
  });
});
