/**
 * The memory definition hosted by the runtime's startPlatformServer: an agent lists the tools and
 * searches over MCP (streamable HTTP) a store written beforehand on disk, in the server's data dir.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import { memoryIdForKey } from "../../services/memory/ids.js";
import { definition } from "../../services/platforms/memory/index.js";
import type { PlatformDefinition } from "../../services/runtime/contract.js";
import { startPlatformServer, type RunningServer } from "../../services/runtime/server.js";
import { CONTRACT_RECORDS } from "./contract.js";

const AGENT_TOKEN = "memory-e2e-agent-token-0123456789";

describe("memory server through startPlatformServer", () => {
  let dataDir: string;
  let server: RunningServer;
  let client: Client;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "memory-e2e-"));
    const seed = new EmbeddedMemoryStore({ dataDir });
    await seed.store(CONTRACT_RECORDS);
    await seed.close();
    server = await startPlatformServer({
      definition: definition as PlatformDefinition<unknown>,
      env: {
        MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9010 }),
        MCP_AUTH_MODE: "token",
        MCP_AUTH_TOKEN: AGENT_TOKEN,
        LOG_LEVEL: "warn",
      },
      port: 0,
      host: "127.0.0.1",
      dataDir,
      logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
      defaultMetrics: false,
      shutdownGraceMs: 1_000,
    });
    client = new Client({ name: "memory-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${AGENT_TOKEN}` } } }));
  });
  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists the four read-only memory tools, and memory_store for agents, which writes", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["memory_get", "memory_list_sources", "memory_recent_events", "memory_search", "memory_store"]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(tool.name !== "memory_store");
  });

  it("searches across sources and fetches a hit over MCP", async () => {
    const search = await client.callTool({ name: "memory_search", arguments: { query: "Acme renewal legal review", limit: 3 } });
    expect(search.isError).toBeFalsy();
    const hits = (search.structuredContent as { hits: { id: string; source: string }[] }).hits;
    expect(hits[0]).toMatchObject({ id: memoryIdForKey("slack:event:Ev001"), source: "slack" });
    const got = await client.callTool({ name: "memory_get", arguments: { id: hits[0]?.id } });
    expect((got.structuredContent as { memory: { content: string } }).memory.content).toContain("data processing agreement");
  });

  it("answers invalid input as a tool error, not a crash", async () => {
    const bad = await client.callTool({ name: "memory_get", arguments: { id: "not-an-id" } });
    expect(bad.isError).toBe(true);
  });

  it("mounts POST /ingest and never stores an unauthenticated write", async () => {
    const record = { ...CONTRACT_RECORDS[0], key: "slack:event:intruder" };
    const response = await fetch(`${server.url}/ingest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ records: [record] }) });
    // 401 with a token configured; 503 while none reaches the definition (ingest disabled)
    expect([401, 503]).toContain(response.status);
    const sources = await client.callTool({ name: "memory_list_sources", arguments: {} });
    expect((sources.structuredContent as { total: number }).total).toBe(CONTRACT_RECORDS.length);
  });
});
