/**
 * The two tools of tool search mode, registered the way the runtime registers any tools
 * (mcpServerFactory) and called by an MCP client, over an in-memory Federation: ranking with
 * schemas, argument checks that name the bad argument before anything is forwarded, "did you mean"
 * for unknown names, the target's result and errors passed through, cancellation reaching the call.
 */
import type { CallToolResult, McpRequestContext } from "@modelcontextprotocol/server";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { searchModeTools, type FederatedTool, type Federation } from "../../../services/fleet-endpoint/search/index.js";
import { mcpServerFactory } from "../../../services/runtime/mcp/server-factory.js";
import { toolMetrics } from "../../../services/runtime/observability/metrics.js";
import { createSecretScrubber } from "../../../services/runtime/observability/secret-scrubber.js";

const schema = (shape: z.ZodRawShape) => z.toJSONSchema(z.strictObject(shape), { io: "input" }) as object;

const CATALOG: FederatedTool[] = [
  {
    platform: "slack",
    name: "slack_post_message",
    title: "Post a Slack message",
    description: "Post a message to a Slack channel (by id or #name), optionally as a reply in a thread.",
    toolset: "messages",
    inputSchema: schema({ channel: z.string().min(1), text: z.string().min(1).max(40_000), threadTs: z.string().optional() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  },
  {
    platform: "slack",
    name: "slack_search_messages",
    title: "Search Slack messages",
    description: "Search messages across Slack channels with Slack's search syntax.",
    toolset: "search",
    inputSchema: schema({ query: z.string().min(1), count: z.number().int().min(1).max(100).optional() }),
  },
  {
    platform: "linear",
    name: "linear_create_issue",
    title: "Create a Linear issue",
    description: "Create a Linear issue in a team, with a title, description, priority and assignee.",
    toolset: "issues",
    inputSchema: schema({ title: z.string().min(1), priority: z.number().int().min(0).max(4).optional(), dueDate: z.iso.date().optional() }),
  },
  {
    platform: "lambda_labs",
    name: "lambda_labs_list_instances",
    title: "List Lambda instances",
    description: "List the account's GPU instances with their status, type, region and hourly cost.",
    toolset: "instances",
    inputSchema: schema({}),
  },
];

interface ForwardedCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly signal: AbortSignal | undefined;
}

/** An in-memory fleet: lists `tools`, answers calls with `answer`, records every forwarded call. */
class FakeFederation implements Federation {
  readonly calls: ForwardedCall[] = [];
  listings = 0;
  constructor(
    public tools: FederatedTool[],
    private readonly answer: (call: ForwardedCall) => Promise<CallToolResult> = async (call) => ({
      content: [{ type: "text", text: JSON.stringify({ ok: true, tool: call.name }) }],
      structuredContent: { ok: true, tool: call.name, args: call.args },
    }),
  ) {}
  async listTools(): Promise<FederatedTool[]> {
    this.listings += 1;
    return this.tools;
  }
  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    const call = { name, args, signal };
    this.calls.push(call);
    return this.answer(call);
  }
}

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(federation: Federation): Promise<Client> {
  const log = pino({ level: "silent" });
  const factory = mcpServerFactory({ name: "fleet", title: "Fleet", version: "0.0.0" }, searchModeTools(federation), {
    platform: "fleet",
    title: "Fleet",
    metrics: toolMetrics(new Registry()),
    log,
    scrubber: createSecretScrubber([]),
    context: (toolLog, signal) => ({
      api: undefined,
      memory: { store: async () => undefined },
      log: toolLog,
      clock: { now: () => new Date() },
      signal,
      settings: { enabled: true, mcp_server_port: 9000 },
    }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  // mcpServerFactory ignores the request context: it builds the same server for every request
  const server = await factory({} as McpRequestContext);
  await server.connect(serverSide);
  const client = new Client({ name: "search-mode-test", version: "1.0.0" });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

function text(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

async function find(client: Client, args: Record<string, unknown>) {
  const result = (await client.callTool({ name: "fleet_find_tools", arguments: args })) as CallToolResult;
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent as { tools: (FederatedTool & { score: number })[]; searched: number };
}

async function call(client: Client, name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
  return (await client.callTool({ name: "fleet_call_tool", arguments: { name, arguments: args } }, { ...(signal ? { signal } : {}) })) as CallToolResult;
}

describe("tool search mode", () => {
  it("lists just the two tools, with schemas and all four annotation hints", async () => {
    const client = await connect(new FakeFederation(CATALOG));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["fleet_find_tools", "fleet_call_tool"]);
    const [findTools, callTools] = tools;
    expect(findTools?.inputSchema.required).toEqual(["query"]);
    expect(callTools?.inputSchema.required).toEqual(["name"]);
    expect(findTools?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(callTools?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: true });
  });

  describe("fleet_find_tools", () => {
    it("ranks the tool that does what was asked first, with its platform, description and input schema", async () => {
      const client = await connect(new FakeFederation(CATALOG));
      const found = await find(client, { query: "post a message in #deals" });
      expect(found.searched).toBe(CATALOG.length);
      expect(found.tools[0]).toMatchObject({
        name: "slack_post_message",
        platform: "slack",
        toolset: "messages",
        description: CATALOG[0]?.description,
        inputSchema: CATALOG[0]?.inputSchema,
        annotations: CATALOG[0]?.annotations,
      });
      expect((await find(client, { query: "which GPU boxes are running" })).tools[0]?.name).toBe("lambda_labs_list_instances");
      expect((await find(client, { query: "file a ticket for the broken checkout" })).tools[0]?.name).toBe("linear_create_issue");
    });

    it("returns at most `limit` tools, best first, and narrows to one platform", async () => {
      const client = await connect(new FakeFederation(CATALOG));
      const two = await find(client, { query: "slack message", limit: 2 });
      expect(two.tools).toHaveLength(2);
      expect(two.tools[0]!.score).toBeGreaterThanOrEqual(two.tools[1]!.score);
      const query = "post a message or create an issue";
      expect((await find(client, { query })).tools.map((t) => t.platform)).toEqual(expect.arrayContaining(["slack", "linear"]));
      expect((await find(client, { query, platform: "linear" })).tools.map((t) => t.name)).toEqual(["linear_create_issue"]);
      expect((await find(client, { query, platform: "nowhere" })).tools).toEqual([]);
    });

    it("searches the fleet's tools as they are now: a tool that appears is found, one that goes is not", async () => {
      const federation = new FakeFederation(CATALOG.slice(0, 2));
      const client = await connect(federation);
      expect((await find(client, { query: "create an issue in linear" })).tools.map((t) => t.name)).not.toContain("linear_create_issue");
      federation.tools = CATALOG;
      expect((await find(client, { query: "create an issue in linear" })).tools[0]?.name).toBe("linear_create_issue");
      federation.tools = [];
      expect(await find(client, { query: "create an issue in linear" })).toEqual({ tools: [], searched: 0 });
    });

    it("rejects an empty query naming the argument", async () => {
      const client = await connect(new FakeFederation(CATALOG));
      const result = (await client.callTool({ name: "fleet_find_tools", arguments: { query: "  " } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/query/);
    });
  });

  describe("fleet_call_tool", () => {
    it("forwards valid arguments as given, with the call's signal, and returns the target's result", async () => {
      const federation = new FakeFederation(CATALOG);
      const client = await connect(federation);
      const args = { channel: "#deals", text: "Acme signed" };
      const result = await call(client, "slack_post_message", args);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ ok: true, tool: "slack_post_message", args });
      expect(JSON.parse(text(result))).toEqual(result.structuredContent);
      expect(federation.calls).toHaveLength(1);
      expect(federation.calls[0]).toMatchObject({ name: "slack_post_message", args });
      expect(federation.calls[0]?.signal).toBeInstanceOf(AbortSignal);
    });

    it.each([
      ["a missing required argument", { channel: "#deals" }, /text: is required/],
      ["an argument of the wrong type", { channel: 42, text: "hi" }, /channel: must be string/],
      ["an argument the tool does not take", { channel: "#deals", text: "hi", urgent: true }, /urgent: not an argument of this tool/],
      ["a value outside its bounds", { channel: "#deals", text: "" }, /text: must NOT have fewer than 1 characters/],
    ])("refuses %s before forwarding, naming it", async (_case, args, problem) => {
      const federation = new FakeFederation(CATALOG);
      const client = await connect(federation);
      const result = await call(client, "slack_post_message", args);
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/^Invalid arguments for slack_post_message: /);
      expect(text(result)).toMatch(problem);
      expect(federation.calls).toEqual([]);
    });

    it("checks formats and nested paths, and never echoes the values it refuses", async () => {
      const federation = new FakeFederation(CATALOG);
      const client = await connect(federation);
      const result = await call(client, "linear_create_issue", { title: "Checkout broken", dueDate: "sk-secret-not-a-date", priority: 9 });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/dueDate: must match format "date"/);
      expect(text(result)).toMatch(/priority: must be <= 4/);
      expect(text(result)).not.toContain("sk-secret");
      expect(federation.calls).toEqual([]);
    });

    it("answers an unknown tool name with the nearest tools' names", async () => {
      const federation = new FakeFederation(CATALOG);
      const client = await connect(federation);
      const result = await call(client, "slack_send_message", { channel: "#deals", text: "hi" });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/^No tool named "slack_send_message" in the fleet\. Did you mean slack_post_message, /);
      expect(text(result)).toContain("fleet_find_tools");
      expect(federation.calls).toEqual([]);
    });

    it("passes the target's own error on as an error", async () => {
      const federation = new FakeFederation(CATALOG, async () => ({ content: [{ type: "text", text: "channel_not_found: no channel #dealz" }], isError: true }));
      const client = await connect(federation);
      const result = await call(client, "slack_post_message", { channel: "#dealz", text: "hi" });
      expect(result.isError).toBe(true);
      expect(text(result)).toBe("channel_not_found: no channel #dealz");
    });

    it("hands back a result without structuredContent as its JSON object, or its content blocks", async () => {
      let reply: CallToolResult = { content: [{ type: "text", text: '{"instances":[]}' }] };
      const client = await connect(new FakeFederation(CATALOG, async () => reply));
      expect((await call(client, "lambda_labs_list_instances", {})).structuredContent).toEqual({ instances: [] });
      reply = { content: [{ type: "text", text: "plain words" }] };
      expect((await call(client, "lambda_labs_list_instances", {})).structuredContent).toEqual({ content: [{ type: "text", text: "plain words" }] });
    });

    it("aborts the forwarded call when the client cancels", async () => {
      let forwardedSignal: AbortSignal | undefined;
      const federation = new FakeFederation(CATALOG, (forwarded) => {
        forwardedSignal = forwarded.signal;
        return new Promise((_resolve, reject) => forwarded.signal?.addEventListener("abort", () => reject(new Error("aborted upstream"))));
      });
      const client = await connect(federation);
      const controller = new AbortController();
      const pending = call(client, "lambda_labs_list_instances", {}, controller.signal);
      await expect.poll(() => federation.calls.length).toBe(1);
      controller.abort();
      await expect(pending).rejects.toThrow();
      await expect.poll(() => forwardedSignal?.aborted).toBe(true);
    });
  });
});
