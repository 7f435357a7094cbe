/**
 * Tools through the runtime: listing derived from the tool values, the one error path (upstream
 * errors, invalid input, invalid output, bugs), metrics per outcome, read-only and toolset
 * filtering, and stateless serving across replicas.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, type PlatformDefinition } from "../../services/runtime/contract.js";
import type { WidgetApi } from "../fixtures/test-platform/api.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
import { sampleValue } from "../contract/suite.js";
import { AGENT_TOKEN, API_KEY, startTestServer, type TestServer } from "./support.js";

const tool = defineTool<WidgetApi>();
const brokenTool = tool({
  name: "widgets_broken",
  title: "Broken",
  description: "A tool whose handler has a bug, for the error path test.",
  toolset: "test",
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => {
    throw new TypeError("cannot read properties of undefined (internal detail)");
  },
});
const wrongShapeTool = tool({
  name: "widgets_wrong_shape",
  title: "Wrong shape",
  description: "A tool whose handler returns something its output schema does not allow.",
  toolset: "test",
  input: z.object({}),
  output: z.object({ count: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => ({ count: "three" }) as unknown as { count: number },
});
const withTestTools: PlatformDefinition<WidgetApi> = { ...testPlatform, tools: [...testPlatform.tools, brokenTool, wrongShapeTool] };

function textOf(result: Awaited<ReturnType<Client["callTool"]>>): string {
  const first = (result.content as { type: string; text?: string }[])[0];
  return first?.text ?? "";
}

describe("tool calls through the runtime", () => {
  let t: TestServer;
  let client: Client;
  beforeAll(async () => {
    t = await startTestServer({ definition: withTestTools as PlatformDefinition<unknown> });
    client = await t.connect();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("lists every tool with its schemas, title and annotations", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name)).toEqual(["widgets_get_widget", "widgets_create_widget", "widgets_delete_widget", "widgets_broken", "widgets_wrong_shape"]);
    const get = tools[0]!;
    expect(get.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    expect(get.inputSchema).toMatchObject({ type: "object", required: ["id"] });
    expect(get.outputSchema).toMatchObject({ type: "object", required: ["widget"] });
  });

  it("returns the handler's output as structured content and JSON text", async () => {
    const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ widget: { id: "w_1", name: "First", color: "red", created_at: "2026-01-02T03:04:05Z" } });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
    const call = t.upstream.requests.at(-1)!;
    expect(call).toEqual({ method: "GET", path: "/v1/widgets/w_1", apiKey: API_KEY });
  });

  it("sends writes to the platform", async () => {
    const result = await client.callTool({ name: "widgets_create_widget", arguments: { name: "Blue one", color: "blue" } });
    expect(result.structuredContent).toMatchObject({ widget: { name: "Blue one", color: "blue" } });
    expect(t.upstream.unexpected).toEqual([]);
  });

  it("turns an upstream error into isError with the safe message only; the detail goes to the log", async () => {
    const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_missing" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404/);
    expect(textOf(result)).not.toContain("does not exist");
    const logged = t.logs.entries().find((e) => e.tool === "widgets_get_widget" && e.status === 404);
    expect(String(logged?.detail)).toContain("widget w_missing does not exist");
  });

  it("answers invalid arguments with a clear isError naming the field", async () => {
    const result = await client.callTool({ name: "widgets_create_widget", arguments: { name: "x", color: "purple" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/color/);
  });

  it("hides a handler bug behind a generic message and logs it", async () => {
    const result = await client.callTool({ name: "widgets_broken", arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Broken failed unexpectedly; the error was logged.");
    expect(t.logs.text()).toContain("internal detail");
  });

  it("refuses output that does not match the output schema", async () => {
    const result = await client.callTool({ name: "widgets_wrong_shape", arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).not.toContain("three");
    expect(t.logs.text()).toContain("tool output does not match its output schema");
  });

  it("counts every call by outcome and times it", async () => {
    const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
    const count = (tool: string, outcome: string) => sampleValue(metrics, "mcp_tool_calls_total", `tool="${tool}",outcome="${outcome}"`);
    expect(count("widgets_get_widget", "ok")).toBe(1);
    expect(count("widgets_get_widget", "upstream_error")).toBe(1);
    expect(count("widgets_create_widget", "ok")).toBe(1);
    expect(count("widgets_create_widget", "invalid_input")).toBe(1);
    expect(count("widgets_broken", "error")).toBe(1);
    expect(count("widgets_wrong_shape", "invalid_output")).toBe(1);
    expect(sampleValue(metrics, "mcp_tool_call_duration_seconds_count", 'tool="widgets_get_widget"')).toBe(2);
    expect(sampleValue(metrics, "mcp_upstream_requests_total", 'status="404"')).toBe(1);
  });
});

describe("tool selection from settings", () => {
  it("read_only keeps only the tools annotated readOnlyHint; others cannot be called", async () => {
    const t = await startTestServer({ settings: { read_only: true } });
    try {
      const client = await t.connect();
      expect((await client.listTools()).tools.map((x) => x.name)).toEqual(["widgets_get_widget"]);
      const attempt = await client.callTool({ name: "widgets_delete_widget", arguments: { id: "w_1" } }).catch((error: Error) => error);
      const refused = attempt instanceof Error ? attempt.message : textOf(attempt);
      expect(refused).toMatch(/widgets_delete_widget/);
      expect(t.upstream.widgets.has("w_1")).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it("toolsets keep only the listed toolsets and warn about unknown ones", async () => {
    const t = await startTestServer({ settings: { toolsets: ["admin", "widgetz"] } });
    try {
      const client = await t.connect();
      expect((await client.listTools()).tools.map((x) => x.name)).toEqual(["widgets_delete_widget"]);
      expect(t.logs.entries().some((e) => e.msg === "settings name toolsets no tool belongs to")).toBe(true);
    } finally {
      await t.stop();
    }
  });
});

describe("stateless serving", () => {
  it("lets any replica answer any request of one client, without session ids", async () => {
    const a = await startTestServer();
    const b = await startTestServer();
    try {
      const replicas = [a.server.url, b.server.url];
      const served: string[] = [];
      let next = 0;
      const sessionIds: (string | null)[] = [];
      const roundRobin: typeof fetch = async (input, init) => {
        const target = new URL(String(input instanceof Request ? input.url : input));
        const replica = new URL(replicas[next++ % replicas.length]!);
        target.host = replica.host;
        served.push(replica.host);
        const response = await fetch(target, init);
        sessionIds.push(response.headers.get("mcp-session-id"));
        return response;
      };
      const client = new Client({ name: "round-robin", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${a.server.url}/mcp`), {
          fetch: roundRobin,
          requestInit: { headers: { authorization: `Bearer ${AGENT_TOKEN}` } },
        }),
      );
      for (let i = 0; i < 4; i += 1) {
        const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
        expect(result.isError).toBeFalsy();
      }
      await client.close();
      expect(new Set(served).size).toBe(2);
      expect(sessionIds.every((id) => id === null)).toBe(true);
      expect(a.upstream.requests.length).toBeGreaterThan(0);
      expect(b.upstream.requests.length).toBeGreaterThan(0);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
