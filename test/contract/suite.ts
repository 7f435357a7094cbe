/**
 * The contract every MCP server of the fleet keeps, as one reusable vitest suite. Run it for a
 * server with
 *
 *   runServerContract("slack server", () => startContractServer(definition), { platform: "slack" });
 *
 * (startContractServer in ./harness.ts starts any definition suitably), or with your own `start`
 * returning a ServerUnderTest. It checks health, readiness shape, metrics exposition, the tool
 * surface (complete, well-named tool data), agent auth rejection, DNS rebinding protection, body
 * limits and webhook rejection, and that none of this reached the platform or stored anything.
 */
import { Client, StreamableHTTPClientTransport, type Tool } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initializeMessage, MCP_HEADERS, rawRequest } from "./raw-http.js";

export interface ServerUnderTest {
  /** base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** bearer token for /mcp; undefined when the server runs with MCP_AUTH_MODE=none */
  readonly token?: string;
  /** `${webhook_path}/events` when the server takes webhooks */
  readonly webhookPath?: string;
  /** records handed to the memory sink so far (checked to stay 0) */
  storedRecordCount?(): number;
  /** requests the platform API received so far (checked to stay 0) */
  platformRequestCount?(): number;
  close(): Promise<void>;
}

export interface ContractExpectations {
  readonly platform: string;
  /** tools the server must list; every listed tool is checked either way */
  readonly tools?: readonly string[];
  /** expected readiness; by default only the shape of /readyz is checked */
  readonly ready?: boolean;
  /** the platforms whose prefix the tools carry; default [platform] (the fleet endpoint serves others' tools) */
  readonly toolPrefixes?: readonly string[];
}

const OVERSIZED_BODY = Buffer.alloc(1024 * 1024 + 1024, 0x20);
const ANNOTATION_HINTS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;

export function runServerContract(name: string, start: () => Promise<ServerUnderTest>, expectations: ContractExpectations): void {
  describe(`${name}: server contract`, () => {
    let server: ServerUnderTest;
    let tools: Tool[];
    const mcpUrl = () => `${server.url}/mcp`;
    const auth = (): Record<string, string> => (server.token ? { authorization: `Bearer ${server.token}` } : {});

    beforeAll(async () => {
      server = await start();
      const client = new Client({ name: "contract-suite", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl()), { requestInit: { headers: auth() } }));
      try {
        tools = (await client.listTools()).tools;
      } finally {
        await client.close();
      }
    });
    afterAll(async () => {
      await server?.close();
    });

    it("GET /healthz answers 200 without authentication", async () => {
      const response = await rawRequest(`${server.url}/healthz`);
      expect(response.status).toBe(200);
      // the platform it serves, so the local fleet can tell it from a foreign process on its port
      expect(JSON.parse(response.text)).toEqual({ status: "ok", platform: expectations.platform });
    });

    it("GET /readyz answers 200 or 503 with the list of problems", async () => {
      const response = await rawRequest(`${server.url}/readyz`);
      expect([200, 503]).toContain(response.status);
      const body = JSON.parse(response.text) as { status: string; problems: unknown };
      expect(Array.isArray(body.problems)).toBe(true);
      expect(body.status).toBe(response.status === 200 ? "ready" : "not ready");
      if (response.status === 503) expect((body.problems as string[]).length).toBeGreaterThan(0);
      if (expectations.ready !== undefined) expect(response.status, response.text).toBe(expectations.ready ? 200 : 503);
    });

    it("GET /metrics is Prometheus text with the runtime's metrics", async () => {
      const response = await rawRequest(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(String(response.headers["content-type"])).toMatch(/^text\/plain/);
      expect(response.text).toContain("# TYPE mcp_tool_calls_total counter");
      expect(response.text).toContain("# TYPE mcp_tool_call_duration_seconds histogram");
    });

    it("lists its tools", () => {
      expect(tools.length).toBeGreaterThan(0);
      const names = tools.map((tool) => tool.name);
      expect(new Set(names).size).toBe(names.length);
      for (const expected of expectations.tools ?? []) expect(names).toContain(expected);
    });

    it("names every tool in snake_case with the platform prefix", () => {
      for (const tool of tools) {
        expect(tool.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
        const prefixes = expectations.toolPrefixes ?? [expectations.platform];
        expect(prefixes.some((prefix) => tool.name.startsWith(`${prefix}_`)), tool.name).toBe(true);
      }
    });

    it("describes every tool completely: title, description, four annotation hints, input and output schema", () => {
      for (const tool of tools) {
        expect(tool.title, tool.name).toBeTruthy();
        expect(tool.description?.trim().length ?? 0, `${tool.name} description`).toBeGreaterThan(20);
        for (const hint of ANNOTATION_HINTS) expect(typeof tool.annotations?.[hint], `${tool.name} ${hint}`).toBe("boolean");
        expect(tool.inputSchema.type, tool.name).toBe("object");
        expect(tool.outputSchema?.type, `${tool.name} outputSchema`).toBe("object");
        if (tool.annotations?.readOnlyHint) expect(tool.annotations.destructiveHint, `${tool.name} is read-only yet destructive`).toBe(false);
      }
    });

    it("rejects /mcp without a token: 401 with a Bearer challenge", async (context) => {
      if (!server.token) context.skip();
      const response = await rawRequest(mcpUrl(), { method: "POST", headers: { ...MCP_HEADERS }, body: initializeMessage() });
      expect(response.status).toBe(401);
      expect(String(response.headers["www-authenticate"])).toMatch(/^Bearer /);
    });

    it("rejects /mcp with a wrong token: 401", async (context) => {
      if (!server.token) context.skip();
      const response = await rawRequest(mcpUrl(), {
        method: "POST",
        headers: { ...MCP_HEADERS, authorization: `Bearer not-${server.token}` },
        body: initializeMessage(),
      });
      expect(response.status).toBe(401);
      expect(String(response.headers["www-authenticate"])).toMatch(/^Bearer /);
    });

    it("rejects a foreign Host header on /mcp (DNS rebinding): 403", async () => {
      const response = await rawRequest(mcpUrl(), {
        method: "POST",
        headers: { ...MCP_HEADERS, ...auth(), host: "evil.example.com" },
        body: initializeMessage(),
      });
      expect(response.status).toBe(403);
    });

    it("rejects a foreign Origin header on /mcp: 403", async () => {
      const response = await rawRequest(mcpUrl(), {
        method: "POST",
        headers: { ...MCP_HEADERS, ...auth(), origin: "http://evil.example.com" },
        body: initializeMessage(),
      });
      expect(response.status).toBe(403);
    });

    it("answers 413 to an oversized /mcp body", async () => {
      const response = await rawRequest(mcpUrl(), { method: "POST", headers: { ...MCP_HEADERS, ...auth() }, body: OVERSIZED_BODY });
      expect(response.status).toBe(413);
    });

    it("answers 401 to an unsigned webhook and stores nothing", async (context) => {
      if (!server.webhookPath) context.skip();
      const before = server.storedRecordCount?.() ?? 0;
      const response = await rawRequest(`${server.url}${server.webhookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: "contract-unsigned-1", type: "contract.test", event_id: "Ev-contract", data: {} }),
      });
      expect(response.status).toBe(401);
      const metrics = (await rawRequest(`${server.url}/metrics`)).text;
      expect(sampleValue(metrics, "mcp_webhooks_total", 'outcome="accepted"')).toBe(0);
      expect(sampleValue(metrics, "mcp_inbox_depth")).toBe(0);
      expect(server.storedRecordCount?.() ?? 0).toBe(before);
    });

    it("answers 413 to an oversized webhook body", async (context) => {
      if (!server.webhookPath) context.skip();
      const response = await rawRequest(`${server.url}${server.webhookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: OVERSIZED_BODY,
      });
      expect(response.status).toBe(413);
    });

    it("never called the platform API or stored anything for any of the above", () => {
      expect(server.platformRequestCount?.() ?? 0).toBe(0);
      expect(server.storedRecordCount?.() ?? 0).toBe(0);
    });
  });
}

/** The summed value of a metric's samples whose labels contain `labelFilter` (0 when none). */
export function sampleValue(exposition: string, metric: string, labelFilter = ""): number {
  let total = 0;
  for (const line of exposition.split("\n")) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    if (labelFilter && !line.includes(labelFilter)) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}
