/**
 * tools/call through the fleet endpoint as an HTTP pass-through (services/runtime/mcp/pass-through.ts):
 * the agent gets the same answer as on the SDK path (an endpoint whose provider has no route, which
 * forwards through its MCP client), in both protocol eras, for a result, a tool's error result, an
 * input the server refuses and a server that went down; the server sees the fleet token and the MCP
 * headers, never the agent's credentials; a call cancelled by a 2025-era notifications/cancelled or
 * past the deadline is abandoned upstream; every forwarded call is counted with its outcome.
 */
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definition as fleetDefinition, type FleetEndpointApi } from "../../services/fleet-endpoint/definition.js";
import { FleetFederation } from "../../services/fleet-endpoint/federation.js";
import { parseFleetServers } from "../../services/fleet-endpoint/members.js";
import type { PlatformDefinition } from "../../services/runtime/contract.js";
import { listenOnLoopback, type LoopbackListener } from "../support/loopback.js";
import { eventually, startTestServer } from "../runtime/support.js";
import { ENDPOINT_AGENT_TOKEN, FLEET_TOKEN, SERVER_AGENT_TOKEN, startEndpoint, startSmallFleet, type Endpoint, type SmallFleet } from "./support.js";

/** the fleet endpoint as it was before the pass-through: every call through its MCP client to the owner */
const sdkPath: PlatformDefinition<FleetEndpointApi> = {
  ...fleetDefinition,
  toolProvider(api) {
    const provided = fleetDefinition.toolProvider!(api);
    if ("tools" in provided) return provided;
    return { list: provided.list, call: provided.call };
  },
};

/** the fleet endpoint with a short call deadline (the default is two minutes) */
function withCallDeadline(ms: number): PlatformDefinition<FleetEndpointApi> {
  return {
    ...fleetDefinition,
    createApi(ctx) {
      const parsed = parseFleetServers(ctx.fleetServers);
      const members = "members" in parsed ? parsed.members : {};
      const federation = new FleetFederation({ members, token: ctx.credentials.FLEET_MCP_TOKEN!, settings: ctx.settings, log: ctx.log, callTimeoutMs: ms });
      return { federation, toolSearch: false };
    },
  };
}

const LEGACY_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-11-25",
  authorization: `Bearer ${ENDPOINT_AGENT_TOKEN}`,
};

function modernHeaders(tool: string): Record<string, string> {
  return { ...LEGACY_HEADERS, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": tool };
}

const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "pass-through-test", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

let nextId = 100;
function toolCall(name: string, args: Record<string, unknown>, era: "legacy" | "modern", id = nextId++): { body: unknown; headers: Record<string, string> } {
  const params = era === "modern" ? { name, arguments: args, _meta: MODERN_META } : { name, arguments: args };
  return { body: { jsonrpc: "2.0", id, method: "tools/call", params }, headers: era === "modern" ? modernHeaders(name) : LEGACY_HEADERS };
}

interface Answer {
  readonly status: number;
  readonly type: string;
  /** the JSON-RPC messages of the answer (one JSON body, or an event stream's data lines) */
  readonly messages: unknown[];
}

async function post(url: string, message: { body: unknown; headers: Record<string, string> }, signal?: AbortSignal): Promise<Answer> {
  const response = await fetch(`${url}/mcp`, { method: "POST", headers: message.headers, body: JSON.stringify(message.body), ...(signal ? { signal } : {}) });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const messages = type.startsWith("text/event-stream")
    ? text
        .split("\n")
        .filter((line) => line.startsWith("data:") && line.slice(5).trim() !== "")
        .map((line) => JSON.parse(line.slice(5)) as unknown)
    : text
      ? [JSON.parse(text) as unknown]
      : [];
  return { status: response.status, type, messages };
}

function resultOf(answer: Answer): { isError?: boolean; content?: { text?: string }[]; structuredContent?: unknown } {
  const message = answer.messages.find((m) => typeof m === "object" && m !== null && "result" in m) as { result: never } | undefined;
  if (!message) throw new Error(`no result in ${JSON.stringify(answer)}`);
  return message.result;
}

const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/** the message without the 2026-era serverInfo key in its result's _meta (and without _meta if that was all) */
function withoutServerInfo(message: unknown): unknown {
  const result = (message as { result?: { _meta?: Record<string, unknown> } }).result;
  if (result?._meta?.[SERVER_INFO] === undefined) return message;
  const { [SERVER_INFO]: _serverInfo, ...meta } = result._meta;
  const { _meta: _all, ...rest } = result;
  return { ...(message as object), result: Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest };
}

async function metricsOf(endpoint: Endpoint): Promise<string> {
  return (await fetch(`${endpoint.server.url}/metrics`)).text();
}

function callCount(metrics: string, tool: string, outcome: string): number {
  const line = metrics.split("\n").find((l) => l.startsWith("mcp_tool_calls_total{") && l.includes(`tool="${tool}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** An HTTP proxy in front of a server that records the headers and body of every request it passes on. */
async function recordingProxy(target: string): Promise<{ url: string; seen: IncomingHttpHeaders[]; bodies: string[]; close(): Promise<void> }> {
  const to = new URL(target);
  const seen: IncomingHttpHeaders[] = [];
  const bodies: string[] = [];
  const listener: LoopbackListener = await listenOnLoopback(
    createServer((req, res) => {
      seen.push(req.headers);
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        bodies.push(body.toString("utf8"));
        const upstream = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on("error", () => res.destroy());
        upstream.end(body);
      });
    }),
  );
  return { url: listener.url, seen, bodies, close: listener.close };
}

describe("fleet endpoint: tools/call as an HTTP pass-through", () => {
  let fleet: SmallFleet;
  let through: Endpoint;
  let sdk: Endpoint;
  beforeAll(async () => {
    fleet = await startSmallFleet();
    through = await fleet.endpoint();
    sdk = await fleet.endpoint({ definition: sdkPath as PlatformDefinition<unknown> });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  for (const era of ["legacy", "modern"] as const) {
    it(`answers as the SDK path does (${era === "legacy" ? "2025-11-25" : "2026-07-28"}): a result, a tool's error result, arguments the server refuses`, async () => {
      const cases: [string, Record<string, unknown>][] = [
        ["widgets_get_widget", { id: "w_1" }],
        ["widgets_get_widget", { id: "w_404" }],
        ["widgets_get_widget", {}],
        ["memory_list_sources", {}],
      ];
      for (const [tool, args] of cases) {
        const id = nextId++;
        const viaPassThrough = await post(through.server.url, toolCall(tool, args, era, id));
        const viaSdk = await post(sdk.server.url, toolCall(tool, args, era, id));
        expect(viaPassThrough.status, `${tool} ${JSON.stringify(args)}`).toBe(viaSdk.status);
        expect(viaPassThrough.type).toBe(viaSdk.type);
        // one difference: the SDK path's client spoke 2026-07-28 to the server and passed its result on,
        // serverInfo key included, into a 2025-era answer too; forwarded, a 2025 request gets a 2025 answer
        const sdkMessages = era === "legacy" ? viaSdk.messages.map(withoutServerInfo) : viaSdk.messages;
        expect(viaPassThrough.messages, `${tool} ${JSON.stringify(args)}`).toEqual(sdkMessages);
      }
      // and they are the owner's answers: the widget, its error, the input refused
      expect(resultOf(await post(through.server.url, toolCall("widgets_get_widget", { id: "w_1" }, era))).structuredContent).toMatchObject({ widget: { id: "w_1", name: "First" } });
      const missing = resultOf(await post(through.server.url, toolCall("widgets_get_widget", { id: "w_404" }, era)));
      expect(missing.isError).toBe(true);
      expect(missing.content?.[0]?.text).toMatch(/does not exist|not found/i);
    });
  }

  it("a tool no server lists, or one the endpoint's settings hide, is answered as before (not forwarded)", async () => {
    for (const era of ["legacy", "modern"] as const) {
      const id = nextId++;
      const viaPassThrough = await post(through.server.url, toolCall("nobody_does_this", {}, era, id));
      expect(viaPassThrough.messages).toEqual((await post(sdk.server.url, toolCall("nobody_does_this", {}, era, id))).messages);
      expect(resultOf(viaPassThrough).content?.[0]?.text).toMatch(/unknown tool "nobody_does_this"/);
    }
    const readOnly = await fleet.endpoint({ settings: { read_only: true } });
    const posts = fleet.widgets.upstream.requests.filter((r) => r.method === "POST").length;
    const refused = resultOf(await post(readOnly.server.url, toolCall("widgets_create_widget", { name: "x", color: "red" }, "legacy")));
    expect(refused.isError).toBe(true);
    expect(refused.content?.[0]?.text).toMatch(/not exposed by the fleet endpoint/);
    expect(fleet.widgets.upstream.requests.filter((r) => r.method === "POST").length).toBe(posts);
  });

  it("a server that went down after it was listed: the same answer naming it and why, and it drops out of the list", async () => {
    const other = await startTestServer({ env: { MCP_AUTH_TOKEN: SERVER_AGENT_TOKEN, FLEET_MCP_TOKEN: FLEET_TOKEN }, settings: { webhook_path: undefined } });
    const members = { widgets: `${other.server.url}/mcp`, memory: `${fleet.memory.url}/mcp` };
    const throughOther = await startEndpoint(members);
    const sdkOther = await startEndpoint(members, { definition: sdkPath as PlatformDefinition<unknown> });
    try {
      for (const endpoint of [throughOther, sdkOther]) {
        expect(resultOf(await post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_1" }, "legacy"))).isError).toBeFalsy();
      }
      await other.stop();
      const id = nextId++;
      const viaPassThrough = await post(throughOther.server.url, toolCall("widgets_get_widget", { id: "w_1" }, "legacy", id));
      const viaSdk = await post(sdkOther.server.url, toolCall("widgets_get_widget", { id: "w_1" }, "legacy", id));
      // the reason may be "refused" or "reset" depending on when each noticed; the answer is the same otherwise
      const unify = (answer: Answer) => JSON.parse(JSON.stringify(answer.messages).replace(/widgets is unavailable: [^"]*/g, "widgets is unavailable: <why>")) as unknown;
      expect(unify(viaPassThrough)).toEqual(unify(viaSdk));
      expect(resultOf(viaPassThrough).isError).toBe(true);
      expect(resultOf(viaPassThrough).content?.[0]?.text).toMatch(/^widgets is unavailable: (connection refused|the connection was reset)/);
      const client = await throughOther.connect();
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names.some((n) => n.startsWith("widgets_"))).toBe(false);
      expect(names).toContain("memory_search");
      expect(callCount(await metricsOf(throughOther), "widgets_get_widget", "upstream_error")).toBe(1);
    } finally {
      await throughOther.stop();
      await sdkOther.stop();
    }
  });

  it("presents the fleet token and the MCP headers to the server, never the agent's credentials or cookies", async () => {
    const proxy = await recordingProxy(fleet.widgets.server.url);
    const endpoint = await startEndpoint({ widgets: `${proxy.url}/mcp`, memory: `${fleet.memory.url}/mcp` });
    try {
      const call = toolCall("widgets_get_widget", { id: "w_1" }, "modern");
      const answer = await post(endpoint.server.url, { ...call, headers: { ...call.headers, cookie: "session=agent-session-secret", origin: "http://127.0.0.1" } });
      expect(resultOf(answer).isError).toBeFalsy();
      const forwarded = proxy.seen.flatMap((headers, i) => (headers["mcp-method"] === "tools/call" ? [{ headers, body: proxy.bodies[i] }] : []));
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]!.headers).toMatchObject({ authorization: `Bearer ${FLEET_TOKEN}`, "mcp-protocol-version": "2026-07-28", "mcp-name": "widgets_get_widget" });
      // the agent's request itself, its id included (an MCP client in between would send its own)
      expect(forwarded[0]!.body).toBe(JSON.stringify(call.body));
      // a 2025-era call goes as it came too: the server answers it in its era
      const legacy = toolCall("widgets_get_widget", { id: "w_1" }, "legacy");
      expect(resultOf(await post(endpoint.server.url, legacy)).isError).toBeFalsy();
      expect(proxy.bodies).toContain(JSON.stringify(legacy.body));
      expect(proxy.seen.at(-1)).toMatchObject({ authorization: `Bearer ${FLEET_TOKEN}`, "mcp-protocol-version": "2025-11-25" });
      for (const headers of proxy.seen) {
        expect(headers.authorization).toBe(`Bearer ${FLEET_TOKEN}`);
        expect(headers.cookie).toBeUndefined();
        expect(headers.origin).toBeUndefined();
      }
      expect(JSON.stringify(proxy.seen)).not.toContain(ENDPOINT_AGENT_TOKEN);
      // the forwarded call is logged by the endpoint (its request line) and by the server, as the fleet endpoint
      expect(endpoint.logs.entries().some((e) => e.path === "/mcp" && e.status === 200 && e.clientId === "static-token")).toBe(true);
      expect(endpoint.logs.text()).not.toContain(ENDPOINT_AGENT_TOKEN);
      expect(endpoint.logs.text()).not.toContain(FLEET_TOKEN);
    } finally {
      await endpoint.stop();
      await proxy.close();
    }
  });

  it("counts every forwarded call with its outcome and times it", async () => {
    const endpoint = await fleet.endpoint();
    await post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_1" }, "legacy"));
    await post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_1" }, "modern"));
    await post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_404" }, "legacy"));
    const metrics = await metricsOf(endpoint);
    expect(callCount(metrics, "widgets_get_widget", "ok")).toBe(2);
    expect(callCount(metrics, "widgets_get_widget", "upstream_error")).toBe(1);
    expect(metrics).toMatch(/mcp_tool_call_duration_seconds_count\{[^}]*tool="widgets_get_widget"[^}]*\} 3/);
  });

  it("a 2025-era notifications/cancelled aborts the forwarded call upstream; another request id does not", async () => {
    const endpoint = await fleet.endpoint();
    const id = nextId++;
    const call = post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_slow" }, "legacy", id));
    await eventually(() => fleet.widgets.upstream.slow.state === "waiting", "the slow request to reach the fake");
    const cancel = (requestId: number) =>
      fetch(`${endpoint.server.url}/mcp`, {
        method: "POST",
        headers: LEGACY_HEADERS,
        body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, reason: "the user changed their mind" } }),
      });
    expect((await cancel(id + 1_000)).status).toBe(202);
    expect(fleet.widgets.upstream.slow.state).toBe("waiting");
    expect((await cancel(id)).status).toBe(202);
    await eventually(() => fleet.widgets.upstream.slow.state === "abandoned", "the fake to see the request abandoned");
    // the cancelled request still gets an answer (a 2025 client ignores it)
    const answer = await call;
    expect(resultOf(answer).isError).toBe(true);
    expect(resultOf(answer).content?.[0]?.text).toMatch(/was cancelled/);
    expect(callCount(await metricsOf(endpoint), "widgets_get_widget", "cancelled")).toBe(1);
    expect(resultOf(await post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_1" }, "legacy"))).isError).toBeFalsy();
  });

  it("an agent that hangs up mid-call: the forwarded request is abandoned upstream and counted as cancelled", async () => {
    const endpoint = await fleet.endpoint();
    const controller = new AbortController();
    const call = post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_slow" }, "legacy"), controller.signal).catch(() => "aborted");
    await eventually(() => fleet.widgets.upstream.slow.state === "waiting", "the slow request to reach the fake");
    controller.abort();
    expect(await call).toBe("aborted");
    await eventually(() => fleet.widgets.upstream.slow.state === "abandoned", "the fake to see the request abandoned");
    await eventually(async () => callCount(await metricsOf(endpoint), "widgets_get_widget", "cancelled") === 1, "the call counted as cancelled");
  });

  it("the call deadline still applies: the agent is told, the server sees the request abandoned", async () => {
    const endpoint = await fleet.endpoint({ definition: withCallDeadline(1_000) as PlatformDefinition<unknown> });
    for (const era of ["legacy", "modern"] as const) {
      const answer = await post(endpoint.server.url, toolCall("widgets_get_widget", { id: "w_slow" }, era));
      expect(answer.status).toBe(200);
      expect(resultOf(answer).isError).toBe(true);
      expect(resultOf(answer).content?.[0]?.text).toBe("widgets did not answer widgets_get_widget within 1 s");
      await eventually(() => fleet.widgets.upstream.slow.state === "abandoned", "the fake to see the request abandoned");
    }
    expect(callCount(await metricsOf(endpoint), "widgets_get_widget", "deadline")).toBe(2);
  });
});
