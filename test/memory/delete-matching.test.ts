/**
 * Deleting memories by a record field (a person's memories on a privacy request): the embedded
 * store removes exactly the matching rows and their keyword and semantic hits; the production
 * store's statements bind every value; the memory server's /records routes take the ingest token;
 * and the client other servers use reads back and deletes through them on loopback.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryClient, MemoryIngestError } from "../../services/memory/client.js";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import { deleteByIds, selectIdsMatching } from "../../services/memory/production/snowflake-sql.js";
import { recordsRoutes } from "../../services/platforms/memory/records-routes.js";
import type { HttpRoute, MemoryRecord } from "../../services/runtime/contract.js";
import { memoryToolContext } from "./support.js";

const jane = "hash-of-jane";
const memories: MemoryRecord[] = [
  { key: "usergems:signal:1", source: "usergems", type: "signal", timestamp: "2026-11-01T09:00:00Z", content: "Jane Doe moved from Acme to Globex as chief revenue officer", record: { personKey: jane, company: "Globex" } },
  { key: "usergems:signal:2", source: "usergems", type: "signal", timestamp: "2026-11-02T09:00:00Z", content: "Jane Doe was promoted at Globex to chief executive", record: { personKey: jane, company: "Globex" } },
  { key: "usergems:signal:3", source: "usergems", type: "signal", timestamp: "2026-11-03T09:00:00Z", content: "John Roe joined Initech as chief revenue officer", record: { personKey: "hash-of-john", company: "Initech" } },
  { key: "hubspot:contact:9", source: "hubspot", type: "contact", timestamp: "2026-11-04T09:00:00Z", content: "HubSpot contact Jane Doe chief revenue officer", record: { personKey: jane } },
];

describe("EmbeddedMemoryStore.deleteMatching", () => {
  let store: EmbeddedMemoryStore;
  beforeEach(async () => {
    store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
    await store.store(memories);
  });
  afterEach(() => store.close());

  it("deletes only that source's memories whose record field matches, from rows, keyword and semantic search", async () => {
    expect(await store.deleteMatching({ source: "usergems", field: "personKey", value: jane })).toEqual({ deleted: 2 });
    expect((await store.list({ filters: { source: "usergems" } })).memories.map((m) => m.key)).toEqual(["usergems:signal:3"]);
    for (const mode of ["keyword", "semantic", "hybrid"] as const) {
      const hits = await store.search({ query: "Jane Doe chief revenue officer", mode, limit: 10 });
      expect(hits.length, mode).toBeGreaterThan(0);
      expect(hits.filter((h) => h.memory.key === "usergems:signal:1" || h.memory.key === "usergems:signal:2"), mode).toEqual([]);
    }
    // the other platform's memory of the same person is not this request's to delete
    expect((await store.list({ filters: { source: "hubspot" } })).memories).toHaveLength(1);
    expect(await store.deleteMatching({ source: "usergems", field: "personKey", value: jane })).toEqual({ deleted: 0 });
  });

  it("narrows to a type, and refuses a field name that is not a plain name", async () => {
    expect(await store.deleteMatching({ source: "usergems", type: "account", field: "personKey", value: jane })).toEqual({ deleted: 0 });
    await expect(store.deleteMatching({ source: "usergems", field: "personKey') OR 1=1 --", value: jane })).rejects.toThrow();
    expect((await store.health()).memories).toBe(4);
  });

  it("matches on any top-level record field, and keyword search no longer finds what went", async () => {
    expect((await store.deleteMatching({ source: "usergems", field: "company", value: "Initech" })).deleted).toBe(1);
    expect((await store.search({ query: "Initech", mode: "keyword" })).map((h) => h.memory.key)).toEqual([]);
  });
});

describe("the production store's delete statements", () => {
  it("bind the source, the field name, the value and the type, and splice nothing", () => {
    const select = selectIdsMatching({ source: "usergems", type: "signal", field: "personKey", value: "x'; DROP TABLE MEMORIES; --" });
    expect(select.sqlText).toBe("SELECT id FROM MEMORIES WHERE source = ? AND GET(record, ?)::VARCHAR = ? AND memory_type = ?");
    expect(select.binds).toEqual(["usergems", "personKey", "x'; DROP TABLE MEMORIES; --", "signal"]);
    expect(deleteByIds(["a", "b"])).toEqual({ sqlText: "DELETE FROM MEMORIES WHERE id IN (?, ?)", binds: ["a", "b"] });
  });
});

describe("/records/list and /records/delete through the memory client", () => {
  let server: Server;
  let url: string;
  let store: EmbeddedMemoryStore;

  beforeEach(async () => {
    store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
    await store.store(memories);
    const routes = new Map<string, HttpRoute>(recordsRoutes(memoryToolContext(store, { ingestToken: "s3cret" })).map((r) => [r.path, r]));
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const route = routes.get(request.url ?? "");
      if (route === undefined || request.method !== "POST") return void response.writeHead(404).end();
      const answer = await route.handle({ headers: { authorization: request.headers.authorization }, query: {}, rawBody: Buffer.concat(chunks) });
      response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  it("lists one source's memories newest first with a cursor, then deletes by a record field", async () => {
    const client = createMemoryClient({ url, token: "s3cret" });
    const first = await client.list?.({ source: "usergems", type: "signal", limit: 2 });
    expect(first?.memories.map((m) => m.key)).toEqual(["usergems:signal:3", "usergems:signal:2"]);
    const second = await client.list?.({ source: "usergems", type: "signal", limit: 2, ...(first?.nextCursor ? { cursor: first.nextCursor } : {}) });
    expect(second?.memories.map((m) => m.key)).toEqual(["usergems:signal:1"]);
    expect(await client.deleteMatching?.({ source: "usergems", field: "personKey", value: jane })).toEqual({ deleted: 2 });
    expect((await client.list?.({ source: "usergems", from: "2026-11-01T00:00:00Z" }))?.memories.map((m) => m.key)).toEqual(["usergems:signal:3"]);
  });

  it("refuses a wrong token (401) and a malformed match (400), deleting nothing", async () => {
    const wrong = createMemoryClient({ url, token: "guess" });
    await expect(wrong.deleteMatching?.({ source: "usergems", field: "personKey", value: jane })).rejects.toMatchObject({ status: 401 });
    const client = createMemoryClient({ url, token: "s3cret" });
    const error = await client.deleteMatching?.({ source: "usergems", field: "person key", value: jane }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemoryIngestError);
    expect(error).toMatchObject({ status: 400 });
    expect((await store.health()).memories).toBe(4);
  });
});
