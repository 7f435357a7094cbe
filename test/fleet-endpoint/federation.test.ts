/**
 * The fleet endpoint federating real servers on the runtime (issue 15, item 2): one MCP client at
 * the endpoint sees every running server's tools under their own names, narrowed by the endpoint's
 * own settings; calls reach the owning server with the fleet's token (never the agent's); a server
 * that is down drops out and a call to its tools says which platform and why; a call the agent
 * cancels is cancelled upstream, as far as the platform's fake; memory_store stores and search finds.
 */
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback } from "../support/loopback.js";
import { eventually, startTestServer } from "../runtime/support.js";
import { ENDPOINT_AGENT_TOKEN, FLEET_TOKEN, SERVER_AGENT_TOKEN, startEndpoint, startSmallFleet, textOf, type SmallFleet } from "./support.js";

/** a port nothing listens on: a server of the fleet that is down */
async function closedPort(): Promise<number> {
  const listener = await listenOnLoopback(createServer());
  await listener.close();
  return listener.port;
}

describe("fleet endpoint federation", () => {
  let fleet: SmallFleet;
  beforeAll(async () => {
    fleet = await startSmallFleet();
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("lists every running server's tools under their own names, with their platform and toolset", async () => {
    const endpoint = await fleet.endpoint();
    const client = await endpoint.connect();
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(
      ["memory_get", "memory_list_sources", "memory_recent_events", "memory_search", "memory_store", "widgets_create_widget", "widgets_delete_widget", "widgets_get_widget"].sort(),
    );
    const getWidget = tools.find((t) => t.name === "widgets_get_widget")!;
    expect(getWidget._meta).toMatchObject({ "sophia.ai/platform": "widgets", "sophia.ai/toolset": "widgets" });
    expect(getWidget.inputSchema).toMatchObject({ type: "object", properties: { id: { type: "string" } } });
    expect(getWidget.annotations).toMatchObject({ readOnlyHint: true });
  });

  it("forwards a call to the owning server, presenting the fleet token and never the agent's", async () => {
    const endpoint = await fleet.endpoint();
    const client = await endpoint.connect();
    const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ widget: { id: "w_1", name: "First", color: "red" } });
    // the widgets server accepts SERVER_AGENT_TOKEN and FLEET_TOKEN; the agent only has ENDPOINT_AGENT_TOKEN
    const mcpLines = fleet.widgets.logs.entries().filter((e) => e.path === "/mcp");
    expect(mcpLines.length).toBeGreaterThan(0);
    expect(mcpLines.every((e) => e.clientId === "fleet-endpoint")).toBe(true);
    const everything = fleet.widgets.logs.text() + endpoint.logs.text();
    for (const token of [ENDPOINT_AGENT_TOKEN, FLEET_TOKEN, SERVER_AGENT_TOKEN]) expect(everything).not.toContain(token);
  });

  it("passes a server's own answers through: its input validation and its tool errors", async () => {
    const endpoint = await fleet.endpoint();
    const client = await endpoint.connect();
    const missing = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_404" } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/does not exist|not found/i);
    const invalid = await client.callTool({ name: "widgets_get_widget", arguments: {} }).then(
      (r) => ({ result: r, error: undefined }),
      (error: unknown) => ({ result: undefined, error: error as Error }),
    );
    // either the -32602 the server answers or its isError result, as the server decides
    if (invalid.error) expect(invalid.error.message).toMatch(/id/);
    else expect(invalid.result?.isError).toBe(true);
  });

  it("narrows what agents see with the endpoint's own read_only and toolsets", async () => {
    const readOnly = await (await fleet.endpoint({ settings: { read_only: true } })).connect();
    const readOnlyNames = (await readOnly.listTools()).tools.map((t) => t.name);
    expect(readOnlyNames).toContain("widgets_get_widget");
    expect(readOnlyNames).toContain("memory_search");
    expect(readOnlyNames).not.toContain("widgets_create_widget");
    expect(readOnlyNames).not.toContain("memory_store");
    const refused = await readOnly.callTool({ name: "widgets_create_widget", arguments: { name: "x", color: "red" } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/not exposed by the fleet endpoint/);
    expect(fleet.widgets.upstream.requests.some((r) => r.method === "POST")).toBe(false);

    const memoryOnly = await (await fleet.endpoint({ settings: { toolsets: ["memory"] } })).connect();
    const memoryNames = (await memoryOnly.listTools()).tools.map((t) => t.name);
    expect(memoryNames.length).toBeGreaterThan(0);
    expect(memoryNames.every((n) => n.startsWith("memory_"))).toBe(true);
  });

  it("drops a server that is down from the list, and a call to its tools names the platform and why", async () => {
    const endpoint = await fleet.endpoint({ extra: { slack: `http://127.0.0.1:${await closedPort()}/mcp` } });
    const client = await endpoint.connect();
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("widgets_get_widget");
    expect(names.some((n) => n.startsWith("slack_"))).toBe(false);
    const result = await client.callTool({ name: "slack_post_message", arguments: { channel: "#deals", text: "hi" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^slack is unavailable: connection refused/);
    const unknown = await client.callTool({ name: "nobody_does_this", arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/unknown tool "nobody_does_this"/);
  });

  it("tool_search: fleet_call_tool to a tool of a server that is down names the platform and why, not an unknown tool", async () => {
    const endpoint = await fleet.endpoint({ settings: { tool_search: true }, extra: { slack: `http://127.0.0.1:${await closedPort()}/mcp` } });
    const client = await endpoint.connect();
    const result = await client.callTool({ name: "fleet_call_tool", arguments: { name: "slack_post_message", arguments: { channel: "#deals", text: "hi" } } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^slack is unavailable: connection refused/);
    const unknown = await client.callTool({ name: "fleet_call_tool", arguments: { name: "nobody_does_this", arguments: {} } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^No tool named "nobody_does_this" in the fleet/);
  });

  it("a server stopped while listed: its call fails naming it, and it drops out of the next list", async () => {
    const other = await startTestServer({ env: { MCP_AUTH_TOKEN: SERVER_AGENT_TOKEN, FLEET_MCP_TOKEN: FLEET_TOKEN }, settings: { webhook_path: undefined } });
    const endpoint = await startEndpoint({ widgets: `${other.server.url}/mcp`, memory: `${fleet.memory.url}/mcp` });
    try {
      const client = await endpoint.connect();
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("widgets_get_widget");
      await other.stop();
      const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^widgets is unavailable: /);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names.some((n) => n.startsWith("widgets_"))).toBe(false);
      expect(names).toContain("memory_search");
    } finally {
      await endpoint.stop();
    }
  });

  it("a call the agent cancels is cancelled upstream: the platform's fake sees the request abandoned", async () => {
    const endpoint = await fleet.endpoint();
    const client = await endpoint.connect();
    const controller = new AbortController();
    const call = client.callTool({ name: "widgets_get_widget", arguments: { id: "w_slow" } }, { signal: controller.signal });
    const settled = call.then(
      () => "answered",
      () => "rejected",
    );
    await eventually(() => fleet.widgets.upstream.slow.state === "waiting", "the slow request to reach the fake");
    controller.abort();
    expect(await settled).toBe("rejected");
    await eventually(() => fleet.widgets.upstream.slow.state === "abandoned", "the fake to see the request abandoned");
    // the endpoint and the server are still serving
    const after = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
    expect(after.isError).toBeFalsy();
  });

  it("memory_store through the endpoint: stored once per idempotency key, found by memory_search with source agent", async () => {
    const endpoint = await fleet.endpoint();
    const client = await endpoint.connect();
    const args = {
      content: "Acme prefers quarterly invoicing and wants the renewal call moved to Thursdays.",
      title: "Acme billing preference",
      metadata: { customer: "Acme", deal_id: "D-42" },
      idempotency_key: "acme-billing-2026",
    };
    const first = await client.callTool({ name: "memory_store", arguments: args });
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ stored: true, id: expect.stringMatching(/^mem_[0-9a-f]{32}$/) });
    const again = await client.callTool({ name: "memory_store", arguments: args });
    expect(again.structuredContent).toEqual({ ...(first.structuredContent as object), stored: false });

    const found = await client.callTool({ name: "memory_search", arguments: { query: "how does Acme want to be invoiced", source: "agent" } });
    expect(found.isError, textOf(found)).toBeFalsy();
    const hits = (found.structuredContent as { hits: { id: string; source: string; title?: string }[] }).hits;
    expect(hits[0]).toMatchObject({ id: (first.structuredContent as { id: string }).id, source: "agent", title: "Acme billing preference" });
    const memory = await client.callTool({ name: "memory_get", arguments: { id: hits[0]!.id } });
    expect(JSON.stringify(memory.structuredContent)).toContain("D-42");
  });

  it("tool_search: the endpoint lists only fleet_find_tools and fleet_call_tool, which find and call the federated tools", async () => {
    const client = await (await fleet.endpoint({ settings: { tool_search: true } })).connect();
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["fleet_call_tool", "fleet_find_tools"]);
    const found = await client.callTool({ name: "fleet_find_tools", arguments: { query: "fetch a widget by its id" } });
    expect(found.isError, textOf(found)).toBeFalsy();
    expect(JSON.stringify(found.structuredContent)).toContain("widgets_get_widget");
    const called = await client.callTool({ name: "fleet_call_tool", arguments: { name: "widgets_get_widget", arguments: { id: "w_1" } } });
    expect(called.isError, textOf(called)).toBeFalsy();
    expect(JSON.stringify(called.structuredContent ?? called.content)).toContain("First");
  });
});
