import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import { memoryIdForKey } from "../../services/memory/ids.js";
import { definition } from "../../services/platforms/memory/index.js";
import { ingestRoute } from "../../services/platforms/memory/ingest-route.js";
import { memoryGet } from "../../services/platforms/memory/tools/get.js";
import { memoryListSources } from "../../services/platforms/memory/tools/list-sources.js";
import { memoryRecentEvents } from "../../services/platforms/memory/tools/recent-events.js";
import { memorySearch } from "../../services/platforms/memory/tools/search.js";
import type { HttpRoute, ToolContext } from "../../services/runtime/contract.js";
import type { MemoryApi } from "../../services/platforms/memory/api.js";
import { CONTRACT_RECORDS } from "./contract.js";
import { callTool, memoryToolContext } from "./support.js";

let store: EmbeddedMemoryStore;
let ctx: ToolContext<MemoryApi>;
beforeEach(async () => {
  store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
  await store.store(CONTRACT_RECORDS);
  ctx = memoryToolContext(store);
});
afterEach(async () => {
  await store.close();
});

describe("memory server definition", () => {
  it("declares four read-only, closed-world tools and memory_store (writes, idempotent by key), with descriptions and object schemas", () => {
    expect(definition.facts.name).toBe("memory");
    expect(definition.tools.map((t) => t.name)).toEqual(["memory_search", "memory_get", "memory_list_sources", "memory_recent_events", "memory_store"]);
    for (const tool of definition.tools) {
      expect(tool.name.startsWith("memory_")).toBe(true);
      expect(tool.description.length).toBeGreaterThan(60);
      const writes = tool.name === "memory_store";
      expect(tool.annotations).toEqual({ readOnlyHint: !writes, destructiveHint: false, idempotentHint: true, openWorldHint: false });
      expect(z.toJSONSchema(tool.input, { io: "input" })).toMatchObject({ type: "object" });
      expect(z.toJSONSchema(tool.output)).toMatchObject({ type: "object" });
    }
  });

  it("builds an embedded store in the data dir by default, reports readiness and disposes", async () => {
    const { mkdtempSync, rmSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "memory-def-"));
    try {
      const log = ctx.log;
      const http = { json: async () => { throw new Error("unused"); }, fetch };
      const api = definition.createApi({ credentials: { MEMORY_INGEST_TOKEN: "t0ken" }, settings: ctx.settings, http, log, dataDir: dir });
      expect(api.ingestToken).toBe("t0ken");
      expect(await definition.readiness?.(api)).toEqual([]);
      expect(existsSync(path.join(dir, "memory.sqlite"))).toBe(true);
      await definition.dispose?.(api);

      const noToken = definition.createApi({ credentials: {}, settings: ctx.settings, http, log, dataDir: dir });
      expect(await definition.readiness?.(noToken)).toEqual(["MEMORY_INGEST_TOKEN is not set: ingest is disabled"]);
      await definition.dispose?.(noToken);
      expect(() => definition.createApi({ credentials: { MEMORY_BACKEND: "production" }, settings: ctx.settings, http, log, dataDir: dir }))
        .toThrow(/MEMORY_BACKEND=production needs: .*SNOWFLAKE_ACCOUNT: missing.*PINECONE_API_KEY: missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("memory tools", () => {
  it("memory_search finds across sources with snippets, and honours filters", async () => {
    const all = await callTool(memorySearch, { query: "Acme renewal" }, ctx);
    const hits = all.hits as { id: string; source: string; snippet: string; matchedBy: string[] }[];
    expect(new Set(hits.slice(0, 3).map((h) => h.source))).toEqual(new Set(["slack", "hubspot", "gong"]));
    expect(hits[0]?.snippet.length).toBeGreaterThan(0);
    const filtered = await callTool(memorySearch, { query: "Acme", source: "gong", type: "call", from: "2025-03-02T00:00:00Z" }, ctx);
    expect((filtered.hits as { id: string }[]).map((h) => h.id)).toEqual([memoryIdForKey("gong:call:77")]);
    expect(() => memorySearch.input.parse({ query: "x", from: "yesterday" })).toThrow(/ISO 8601/);
    expect(() => memorySearch.input.parse({ query: "x", source: "myspace" })).toThrow();
  });

  it("memory_get returns the full memory, or found: false", async () => {
    const found = await callTool(memoryGet, { id: memoryIdForKey("hubspot:deal:501") }, ctx);
    expect(found).toMatchObject({
      found: true,
      memory: { source: "hubspot", type: "deal", title: "Acme renewal 2025", contentTruncated: false, recordOmitted: false, record: { amount: 48000 } },
    });
    expect(await callTool(memoryGet, { id: memoryIdForKey("missing") }, ctx)).toEqual({ found: false });
    expect(() => memoryGet.input.parse({ id: "hubspot:deal:501" })).toThrow(/mem_/);
  });

  it("memory_get cuts long content and omits a large record, saying so", async () => {
    await store.store([{
      key: "gong:call:long", source: "gong", type: "call", timestamp: "2025-01-01T00:00:00Z",
      content: "word ".repeat(5_000), record: { transcript: "x".repeat(10_000) },
    }]);
    const result = await callTool(memoryGet, { id: memoryIdForKey("gong:call:long") }, ctx);
    const memory = result.memory as { content: string; contentTruncated: boolean; recordOmitted: boolean; record?: unknown };
    expect(memory.content.length).toBeLessThanOrEqual(6_000);
    expect(memory.contentTruncated).toBe(true);
    expect(memory.recordOmitted).toBe(true);
    expect(memory.record).toBeUndefined();
  });

  it("memory_list_sources counts memories per source", async () => {
    const result = await callTool(memoryListSources, {}, ctx);
    expect(result.total).toBe(CONTRACT_RECORDS.length);
    expect((result.sources as { source: string }[])[0]).toEqual({ source: "slack", count: 2, latest: "2025-03-01T09:00:00.000Z" });
  });

  it("memory_recent_events pages newest first with previews", async () => {
    const first = await callTool(memoryRecentEvents, { limit: 3 }, ctx);
    const events = first.events as { id: string; preview: string }[];
    expect(events.map((e) => e.id)).toEqual(["hubspot:deal:501", "gong:call:77", "slack:event:Ev001"].map(memoryIdForKey));
    const next = await callTool(memoryRecentEvents, { limit: 3, cursor: first.nextCursor }, ctx);
    expect((next.events as unknown[]).length).toBe(2);
    expect(next.nextCursor).toBeUndefined();
    const slack = await callTool(memoryRecentEvents, { source: "slack" }, ctx);
    expect((slack.events as unknown[]).length).toBe(2);
    expect(() => memoryRecentEvents.input.parse({ cursor: "forged" })).toThrow(/cursor/);
  });
});

describe("POST /ingest", () => {
  const record = { key: "linear:issue:ENG-99", source: "linear", type: "issue", timestamp: "2025-03-20T10:00:00Z", content: "Add audit log export", record: { id: "ENG-99" } };
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));
  let route: HttpRoute;
  beforeEach(() => {
    route = ingestRoute(ctx);
  });

  it("adds five routes, all behind the ingest token: ingest, reading back or deleting one source's records, and webhook state", async () => {
    const routes = definition.routes?.(ctx) ?? [];
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /ingest", "POST /records/list", "POST /records/delete", "GET /state", "POST /state"]);
    for (const extra of routes) {
      expect((await extra.handle({ headers: {}, query: {}, rawBody: body({}) })).status, extra.path).toBe(401);
    }
  });

  it("stores records idempotently for a caller with the token", async () => {
    const request = { headers: { authorization: "Bearer test-ingest-token" }, query: {}, rawBody: body({ records: [record] }) };
    expect(await route.handle(request)).toMatchObject({ status: 200, body: { stored: 1, duplicates: 0 } });
    expect(await route.handle(request)).toMatchObject({ status: 200, body: { stored: 0, duplicates: 1 } });
    expect((await store.get(memoryIdForKey("linear:issue:ENG-99")))?.content).toBe("Add audit log export");
  });

  it("rejects a missing or wrong token with 401 and stores nothing", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", "Basic dGVzdC1pbmdlc3QtdG9rZW4=", "Bearer test-ingest-token-longer", "test-ingest-token"]) {
      const response = await route.handle({ headers: { authorization }, query: {}, rawBody: body({ records: [record] }) });
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers?.["www-authenticate"]).toMatch(/^Bearer/);
    }
    expect(await store.get(memoryIdForKey("linear:issue:ENG-99"))).toBeUndefined();
  });

  it("refuses everything with 503 when no token is configured", async () => {
    const open = ingestRoute(memoryToolContext(store, {}));
    for (const authorization of [undefined, "Bearer ", "Bearer anything"]) {
      const response = await open.handle({ headers: { authorization }, query: {}, rawBody: body({ records: [record] }) });
      expect(response.status).toBe(503);
    }
    expect(await store.get(memoryIdForKey("linear:issue:ENG-99"))).toBeUndefined();
  });

  it("answers 400 to a malformed body, naming the problem", async () => {
    const auth = { authorization: "Bearer test-ingest-token" };
    expect((await route.handle({ headers: auth, query: {}, rawBody: Buffer.from("{not json") })).status).toBe(400);
    const bad = await route.handle({ headers: auth, query: {}, rawBody: body({ records: [{ ...record, source: "myspace", timestamp: "soon" }] }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/records\.0\.source/);
    expect(JSON.stringify(bad.body)).toMatch(/records\.0\.timestamp/);
  });

  it("answers 503 when the store fails, so the sender keeps the event and retries", async () => {
    await store.close();
    const response = await route.handle({ headers: { authorization: "Bearer test-ingest-token" }, query: {}, rawBody: body({ records: [record] }) });
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).not.toContain("test-ingest-token");
  });
});
