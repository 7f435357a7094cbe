/**
 * The memory server's webhook state endpoint (GET/POST /state) through startPlatformServer and its
 * client: refused without the ingest token or with a wrong one, 503 when no token is configured,
 * per-platform values that survive a restart of the memory server, and never a value in its logs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStateError, createMemoryStateClient } from "../../services/memory/state-client.js";
import { definition } from "../../services/platforms/memory/index.js";
import type { PlatformDefinition } from "../../services/runtime/contract.js";
import { startPlatformServer, type RunningServer } from "../../services/runtime/server.js";

const INGEST_TOKEN = "state-endpoint-ingest-token-0123456789";
const SECRET = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";

let dataDir: string;
let logs = "";

function startMemory(env: Record<string, string> = { MEMORY_INGEST_TOKEN: INGEST_TOKEN }): Promise<RunningServer> {
  return startPlatformServer({
    definition: definition as PlatformDefinition<unknown>,
    env: { MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9010 }), MCP_AUTH_MODE: "none", LOG_LEVEL: "debug", ...env },
    port: 0,
    host: "127.0.0.1",
    dataDir,
    logDestination: new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        logs += chunk.toString("utf8");
        done();
      },
    }),
    defaultMetrics: false,
    shutdownGraceMs: 1_000,
  });
}

let server: RunningServer;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "memory-state-"));
  server = await startMemory();
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const put = (body: unknown, authorization?: string) =>
  fetch(`${server.url}/state`, { method: "POST", headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
const get = (platform: string, key: string, authorization?: string) =>
  fetch(`${server.url}/state?${new URLSearchParams({ platform, key })}`, { headers: authorization ? { authorization } : {} });

describe("memory server /state", () => {
  it("refuses reads and writes without the ingest token or with a wrong one, and stores nothing", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${INGEST_TOKEN}`, `Bearer ${INGEST_TOKEN}x`]) {
      const written = await put({ platform: "asana", key: "asana.hook_secret.refused", value: SECRET }, authorization);
      expect(written.status).toBe(401);
      expect(written.headers.get("www-authenticate")).toBe('Bearer realm="memory-ingest"');
      expect(await written.text()).not.toContain(SECRET);
      expect((await get("asana", "asana.hook_secret.refused", authorization)).status).toBe(401);
    }
    expect((await get("asana", "asana.hook_secret.refused", `Bearer ${INGEST_TOKEN}`)).status).toBe(404);
    const wrongClient = createMemoryStateClient({ url: server.url, token: "wrong-token", platform: "asana" });
    await expect(wrongClient.get("asana.hook_secret.refused")).rejects.toMatchObject({ name: "MemoryStateError", status: 401 });
    await expect(wrongClient.set("asana.hook_secret.refused", SECRET)).rejects.toThrow(/answered 401 storing asana state "asana.hook_secret.refused": unauthorized/);
  });

  it("stores and reads values per platform through the client; an unknown key is undefined", async () => {
    const asana = createMemoryStateClient({ url: server.url, token: INGEST_TOKEN, platform: "asana" });
    const figma = createMemoryStateClient({ url: server.url, token: INGEST_TOKEN, platform: "figma" });
    expect(await asana.get("asana.hook_secret.aaaa")).toBeUndefined();
    await asana.set("asana.hook_secret.aaaa", SECRET);
    expect(await asana.get("asana.hook_secret.aaaa")).toBe(SECRET);
    expect(await figma.get("asana.hook_secret.aaaa")).toBeUndefined();
    await asana.set("asana.hook_secret.aaaa", "replaced-value-7f3e");
    expect(await asana.get("asana.hook_secret.aaaa")).toBe("replaced-value-7f3e");
    await asana.set("asana.hook_secret.aaaa", SECRET);
  });

  it("compare-and-set stores a value only over the expected one (none: unset), else 409 without the values", async () => {
    const hubspot = createMemoryStateClient({ url: server.url, token: INGEST_TOKEN, platform: "hubspot" });
    const key = "oauth.refresh_token";
    expect(await hubspot.compareAndSet(key, undefined, "rotated-a")).toBe(true);
    expect(await hubspot.compareAndSet(key, undefined, "rotated-b")).toBe(false);
    expect(await hubspot.compareAndSet(key, "rotated-x", "rotated-b")).toBe(false);
    expect(await hubspot.get(key)).toBe("rotated-a");
    expect(await hubspot.compareAndSet(key, "rotated-a", "rotated-b")).toBe(true);
    expect(await hubspot.get(key)).toBe("rotated-b");
    const conflict = await put({ platform: "hubspot", key, value: SECRET, expected: "rotated-a" }, `Bearer ${INGEST_TOKEN}`);
    expect(conflict.status).toBe(409);
    const text = await conflict.text();
    expect(JSON.parse(text)).toMatchObject({ error: "conflict", platform: "hubspot", key });
    expect(text).not.toContain("rotated-");
    expect(text).not.toContain(SECRET);
    expect(await hubspot.get(key)).toBe("rotated-b");
  });

  it("answers 400 naming the bad field, without echoing the value", async () => {
    const badKey = await put({ platform: "asana", key: "has spaces/and slashes", value: SECRET }, `Bearer ${INGEST_TOKEN}`);
    expect(badKey.status).toBe(400);
    const text = await badKey.text();
    expect(JSON.parse(text)).toMatchObject({ error: "invalid_request", issues: [{ path: "key" }] });
    expect(text).not.toContain(SECRET);
    expect((await put({ platform: "Asana!", key: "k", value: "v" }, `Bearer ${INGEST_TOKEN}`)).status).toBe(400);
    expect((await put({ platform: "asana", key: "k", value: 42 }, `Bearer ${INGEST_TOKEN}`)).status).toBe(400);
    expect((await get("asana", "", `Bearer ${INGEST_TOKEN}`)).status).toBe(400);
    const client = createMemoryStateClient({ url: server.url, token: INGEST_TOKEN, platform: "asana" });
    await expect(client.set("has spaces", SECRET)).rejects.toBeInstanceOf(MemoryStateError);
  });

  it("keeps the values across a restart of the memory server (in its data directory)", async () => {
    await server.close();
    server = await startMemory();
    const asana = createMemoryStateClient({ url: server.url, token: INGEST_TOKEN, platform: "asana" });
    expect(await asana.get("asana.hook_secret.aaaa")).toBe(SECRET);
  });

  it("refuses everything with 503 while the memory server has no ingest token configured", async () => {
    await server.close();
    server = await startMemory({});
    const answer = await get("asana", "asana.hook_secret.aaaa", `Bearer ${INGEST_TOKEN}`);
    expect(answer.status).toBe(503);
    expect(await answer.text()).not.toContain(SECRET);
    expect((await put({ platform: "asana", key: "k", value: "v" }, "Bearer anything")).status).toBe(503);
    await server.close();
    server = await startMemory();
  });

  it("never writes a value to its logs (the keys are logged)", () => {
    expect(logs).toContain("asana.hook_secret.aaaa");
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain("replaced-value-7f3e");
  });
});
