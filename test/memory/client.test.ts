import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import { createMemoryClient, MemoryIngestError } from "../../services/memory/client.js";
import { ingestRoute } from "../../services/platforms/memory/ingest-route.js";
import type { MemoryRecord } from "../../services/runtime/contract.js";
import { memoryToolContext } from "./support.js";

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const record: MemoryRecord = {
  key: "slack:event:EvC1", source: "slack", type: "message", timestamp: "2025-03-01T09:00:00Z", content: "hello memory", record: {},
};

describe("createMemoryClient against the ingest route on loopback", () => {
  let server: Server;
  let url: string;
  let store: EmbeddedMemoryStore;
  let failNext = 0;
  const seen: { path: string; authorization?: string; count: number }[] = [];

  beforeEach(async () => {
    store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
    const route = ingestRoute(memoryToolContext(store, { ingestToken: "s3cret" }));
    failNext = 0;
    seen.length = 0;
    server = createServer(async (request, response) => {
      const rawBody = await readBody(request);
      const parsed = JSON.parse(rawBody.toString("utf8")) as { records: unknown[] };
      seen.push({ path: request.url ?? "", authorization: request.headers.authorization, count: parsed.records.length });
      if (failNext > 0) {
        failNext -= 1;
        response.writeHead(503).end("busy");
        return;
      }
      const answer = await route.handle({ headers: { authorization: request.headers.authorization }, query: {}, rawBody });
      response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  it("POSTs records with the bearer token to /ingest", async () => {
    await createMemoryClient({ url, token: "s3cret" }).store([record, record]);
    expect(seen).toEqual([{ path: "/ingest", authorization: "Bearer s3cret", count: 2 }]);
    expect((await store.health()).memories).toBe(1);
  });

  it("splits large batches into requests of at most 500 records", async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => ({ ...record, key: `slack:event:bulk${i}` }));
    await createMemoryClient({ url, token: "s3cret" }).store(many);
    expect(seen.map((s) => s.count)).toEqual([500, 500, 200]);
    expect((await store.health()).memories).toBe(1_200);
  });

  it("throws on a non-2xx answer so the caller's inbox retries", async () => {
    failNext = 1;
    const client = createMemoryClient({ url, token: "s3cret" });
    await expect(client.store([record])).rejects.toMatchObject({ name: "MemoryIngestError", status: 503 });
    await client.store([record]);
    expect((await store.health()).memories).toBe(1);
    await expect(createMemoryClient({ url, token: "wrong" }).store([record])).rejects.toBeInstanceOf(MemoryIngestError);
  });

  it("throws with status 0 when the server is unreachable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(createMemoryClient({ url: `http://127.0.0.1:${port}` }).store([record])).rejects.toMatchObject({ status: 0 });
  });
});
