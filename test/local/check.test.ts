import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { checkTarget, parseUrlArgument, renderResults, targetsFromStackOutputs, withFederationCheck } from "../../services/local/check.js";

describe("fleet check inputs", () => {
  it("finds every server's URLs in pulumi stack output, whatever the nesting", () => {
    const outputs = {
      namespace: "sophia-mcp",
      servers: {
        slack: { mcpUrl: "http://mcp-slack.sophia-mcp.svc.cluster.local:9003/mcp", webhookUrl: "https://hooks.example.com/webhook/slack/events" },
        snowflake: { mcpUrl: "http://mcp-snowflake.sophia-mcp.svc.cluster.local:9012/mcp" },
      },
    };
    expect(targetsFromStackOutputs(outputs)).toEqual([
      { platform: "slack", mcpUrl: outputs.servers.slack.mcpUrl, webhookUrl: outputs.servers.slack.webhookUrl },
      { platform: "snowflake", mcpUrl: outputs.servers.snowflake.mcpUrl },
    ]);
  });

  it("parses --url arguments and rejects malformed ones by name", () => {
    expect(parseUrlArgument("gong=http://a/mcp,http://b/webhook/gong/events")).toEqual({
      platform: "gong",
      mcpUrl: "http://a/mcp",
      webhookUrl: "http://b/webhook/gong/events",
    });
    expect(() => parseUrlArgument("http://a/mcp")).toThrow(/bad --url "http:\/\/a\/mcp"/);
  });
});

describe("fleet check against servers that are not right", () => {
  it("fails a server that is down and a webhook route that accepts unsigned requests, naming each", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const permissive = http.createServer((_req, res) => res.writeHead(200).end("{}"));
    await new Promise<void>((r) => permissive.listen(0, "127.0.0.1", r));
    const port = (permissive.address() as AddressInfo).port;
    try {
      const result = await checkTarget(
        { platform: "slack", mcpUrl: `http://127.0.0.1:${closedPort}/mcp`, webhookUrl: `http://127.0.0.1:${port}/webhook/slack/events` },
        { timeoutMs: 2000 },
      );
      expect(result.ok).toBe(false);
      expect(result.mcp).toMatchObject({ ok: false, detail: "connection refused" });
      expect(result.webhook).toEqual({ ok: false, detail: "expected 401 for an unsigned request, got 200" });
      expect(renderResults([result])).toMatch(/slack\s+FAILED/);
    } finally {
      await new Promise<void>((r) => permissive.close(() => r()));
    }
  });
});

describe("fleet check of the fleet endpoint", () => {
  it("passes an endpoint that lists every answering server's tools, and fails one that leaves a running server out", async () => {
    const { startSmallFleet, startEndpoint, ENDPOINT_AGENT_TOKEN, SERVER_AGENT_TOKEN } = await import("../fleet-endpoint/support.js");
    const fleet = await startSmallFleet();
    try {
      const complete = await fleet.endpoint();
      const partial = await startEndpoint({ memory: `${fleet.memory.url}/mcp` });
      const servers = await Promise.all([
        checkTarget({ platform: "widgets", mcpUrl: `${fleet.widgets.server.url}/mcp` }, { token: SERVER_AGENT_TOKEN, timeoutMs: 5000 }),
        checkTarget({ platform: "memory", mcpUrl: `${fleet.memory.url}/mcp` }, { token: SERVER_AGENT_TOKEN, timeoutMs: 5000 }),
      ]);
      const good = withFederationCheck([...servers, await checkTarget({ platform: "fleet_endpoint", mcpUrl: `${complete.server.url}/mcp` }, { token: ENDPOINT_AGENT_TOKEN, timeoutMs: 5000 })]);
      expect(good.map((r) => [r.platform, r.ok])).toEqual([["widgets", true], ["memory", true], ["fleet_endpoint", true]]);
      expect(good[2]!.mcp.detail).toBe("8 tools, among them each checked server's (widgets, memory)");
      const bad = withFederationCheck([...servers, await checkTarget({ platform: "fleet_endpoint", mcpUrl: `${partial.server.url}/mcp` }, { token: ENDPOINT_AGENT_TOKEN, timeoutMs: 5000 })]);
      expect(bad[2]).toMatchObject({ platform: "fleet_endpoint", ok: false, mcp: { ok: false, detail: "5 tools, none of widgets (running, but not federated)" } });
      expect(renderResults(bad)).toMatch(/fleet_endpoint\s+FAILED/);
      await partial.stop();
    } finally {
      await fleet.stop();
    }
  });
});
