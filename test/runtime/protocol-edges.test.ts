/**
 * Protocol edges found by fuzzing /mcp (issue 10): invalid params of the requests the SDK answers
 * itself are -32602 with a short message (they were -32603 with a zod dump), a method streamable HTTP
 * does not define is 405, a body declared in another charset than UTF-8 is 415.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidParamsError } from "../../services/runtime/mcp/server-factory.js";
import { AGENT_TOKEN, startTestServer, type TestServer } from "./support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

interface JsonRpcAnswer {
  readonly id?: number | null;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string };
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.server.url}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body,
  });
}

/** the one JSON-RPC message of an answer, sent as JSON or as one server-sent event */
async function rpc(message: unknown, headers: Record<string, string> = {}): Promise<JsonRpcAnswer> {
  const response = await post(JSON.stringify(message), headers);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const data = /^data: (.*)$/m.exec(text);
  return JSON.parse(data ? data[1]! : text) as JsonRpcAnswer;
}

const LEGACY = { "mcp-protocol-version": "2025-06-18" };
const clientInfo = { name: "fuzz", version: "1.0.0" };

describe("invalid params", () => {
  it.each([
    ["initialize", { protocolVersion: 5, capabilities: {}, clientInfo }, "params.protocolVersion"],
    ["initialize", { protocolVersion: "2025-06-18", capabilities: "all", clientInfo }, "params.capabilities"],
    ["tools/list", { cursor: 5 }, "params.cursor"],
    ["tools/call", { name: 5, arguments: {} }, "params.name"],
  ])("%s with %j answers -32602 naming %s in one short line", async (method, params, field) => {
    for (const headers of [{}, LEGACY]) {
      const answer = await rpc({ jsonrpc: "2.0", id: 7, method, params }, headers);
      expect(answer.id).toBe(7);
      expect(answer.error?.code).toBe(-32602);
      expect(answer.error?.message).toMatch(new RegExp(`^invalid params for ${method.replace("/", "\\/")}: .*${field.replace(".", "\\.")}: `));
      expect(answer.error?.message).not.toContain("\n");
      expect(answer.error!.message.length).toBeLessThan(400);
    }
  });

  it("still answers valid requests", async () => {
    const init = await rpc({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo } }, LEGACY);
    expect(init.error).toBeUndefined();
    expect(init.result?.protocolVersion).toBe("2025-06-18");
    const list = await rpc({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }, LEGACY);
    expect(list.error).toBeUndefined();
    expect(Array.isArray(list.result?.tools)).toBe(true);
  });

  it("leaves other failures alone (an internal error stays internal)", () => {
    expect(invalidParamsError("tools/list", new Error("database is locked"))).toBeUndefined();
    expect(invalidParamsError("tools/list", new Error("[1, 2]"))).toBeUndefined();
    expect(invalidParamsError("tools/list", Object.assign(new Error('[{"path":["params"],"message":"x"}]'), { code: -32603 }))).toBeUndefined();
    const error = invalidParamsError("ping", new Error(JSON.stringify([1, 2, 3, 4].map((n) => ({ code: "invalid_type", path: ["params", `f${n}`], message: "bad" })), null, 2)));
    expect(error?.code).toBe(-32602);
    expect(error?.message).toBe("invalid params for ping: params.f1: bad; params.f2: bad; params.f3: bad; and 1 more");
  });
});

describe("HTTP edges", () => {
  it("answers 405 with Allow for a method streamable HTTP does not define (TRACE was a 500)", async () => {
    for (const method of ["PUT", "PATCH", "OPTIONS"]) {
      const response = await fetch(`${t.server.url}/mcp`, { method, headers: { authorization: `Bearer ${AGENT_TOKEN}` } });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST, GET, DELETE");
    }
    // fetch refuses to send TRACE; node:http does
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${t.server.url}/mcp`, { method: "TRACE", headers: { authorization: `Bearer ${AGENT_TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it("answers 415 to a body declared in a charset other than UTF-8", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    const utf16 = await post(body, { "content-type": "application/json; charset=utf-16", ...LEGACY });
    expect(utf16.status).toBe(415);
    expect(((await utf16.json()) as JsonRpcAnswer).error?.message).toContain('unsupported charset "utf-16"');
    expect((await post(body, { "content-type": "application/json; charset=UTF-8", ...LEGACY })).status).toBe(200);
  });
});
