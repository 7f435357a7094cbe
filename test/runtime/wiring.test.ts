/**
 * The runtime's wiring of the pieces around the tools: the memory client from MEMORY_URL, the sync
 * scheduler, readiness aggregation (platform auth, the definition's own checks) and the
 * definition's extra routes.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { MemoryRecord, PlatformDefinition, SyncDefinition } from "../../services/runtime/contract.js";
import type { WidgetApi } from "../fixtures/test-platform/api.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
import { rawRequest } from "../contract/raw-http.js";
import { eventually, startTestServer, WEBHOOK_SECRET } from "./support.js";

describe("memory from MEMORY_URL", () => {
  it("sends processed webhook events to the memory server's ingest endpoint with the ingest token", async () => {
    const received: { authorization: string | undefined; records: MemoryRecord[] }[] = [];
    const memoryServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/ingest") {
          received.push({ authorization: req.headers.authorization, records: (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { records: MemoryRecord[] }).records });
          res.writeHead(200, { "content-type": "application/json" }).end('{"stored":1}');
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => memoryServer.listen(0, "127.0.0.1", resolve));
    const memoryUrl = `http://127.0.0.1:${(memoryServer.address() as AddressInfo).port}`;
    const t = await startTestServer({
      env: { MEMORY_URL: memoryUrl, MEMORY_INGEST_TOKEN: "ingest-token-abcdef" },
      memory: "from-environment",
    });
    try {
      const body = JSON.stringify({ id: "evt-m1", type: "widget.updated", widget: { id: "w_5", name: "Fifth", color: "red", created_at: "2026-05-05T05:05:05Z" } });
      const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
      const response = await rawRequest(`${t.server.url}/webhook/widgets/events`, { method: "POST", headers: { "x-widget-signature": signature }, body });
      expect(response.status).toBe(200);
      await eventually(() => received.length === 1, "the memory server receives the record");
      expect(received[0]!.authorization).toBe("Bearer ingest-token-abcdef");
      expect(received[0]!.records.map((r) => r.key)).toEqual(["widgets:widget:w_5:evt-m1"]);
    } finally {
      await t.stop();
      await new Promise<void>((resolve) => memoryServer.close(() => resolve()));
    }
  });
});

describe("batch syncs", () => {
  it("schedules the definition's syncs and runs one on demand into memory", async () => {
    const widgetsSync: SyncDefinition<WidgetApi> = {
      object: "widgets",
      async *run(checkpoint, { api, signal }) {
        const page = await api.listWidgets(checkpoint, signal);
        yield {
          records: page.widgets.map((w) => ({ key: `widgets:widget:${w.id}`, source: "widgets" as const, type: "widget", timestamp: w.created_at, content: w.name, record: w })),
          checkpoint: page.next_cursor ?? "end",
        };
      },
    };
    const upstreamListing: PlatformDefinition<WidgetApi> = {
      ...testPlatform,
      // the fake upstream has no list endpoint; this API lists what getWidget can fetch
      createApi: (ctx) => {
        const api = testPlatform.createApi(ctx);
        return { ...api, listWidgets: async (_cursor, signal) => ({ widgets: [await api.getWidget("w_1", signal)], next_cursor: null }) };
      },
      syncs: [widgetsSync],
    };
    const t = await startTestServer({
      definition: upstreamListing as PlatformDefinition<unknown>,
      settings: { batch_sync_interval: "0 0 1 1 *", sync_objects: ["widgets"] },
    });
    try {
      expect(t.server.runSyncNow).toBeDefined();
      await t.server.runSyncNow!("widgets");
      expect(t.stored.map((r) => r.key)).toEqual(["widgets:widget:w_1"]);
    } finally {
      await t.stop();
    }
  });
});

describe("readiness", () => {
  it("lists the platform auth's problem and the definition's own problems, never calling the platform", async () => {
    const troubled: PlatformDefinition<WidgetApi> = {
      ...testPlatform,
      auth: () => ({ headers: async () => ({}), problem: () => "token refresh failing: 400" }),
      readiness: async () => ["vector store unreachable"],
    };
    const t = await startTestServer({ definition: troubled as PlatformDefinition<unknown> });
    try {
      const response = await rawRequest(`${t.server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(JSON.parse(response.text)).toEqual({ status: "not ready", problems: ["token refresh failing: 400", "vector store unreachable"] });
      expect(t.upstream.requests).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it("turns a hanging or throwing check into a problem instead of a stuck probe", async () => {
    const broken: PlatformDefinition<WidgetApi> = {
      ...testPlatform,
      readiness: async () => {
        throw new Error(`store said no to ${WEBHOOK_SECRET}`);
      },
    };
    const t = await startTestServer({ definition: broken as PlatformDefinition<unknown> });
    try {
      const response = await rawRequest(`${t.server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(JSON.parse(response.text).problems).toEqual(["platform dependencies: check failed: store said no to [REDACTED]"]);
    } finally {
      await t.stop();
    }
  });
});

describe("definition routes", () => {
  it("mounts GET and POST routes with the raw body, the query and the body limit", async () => {
    const withRoutes: PlatformDefinition<WidgetApi> = {
      ...testPlatform,
      routes: () => [
        { method: "GET", path: "/extra/echo", handle: async (request) => ({ status: 200, body: { query: request.query.q ?? null } }) },
        {
          method: "POST",
          path: "/extra/ingest",
          handle: async (request) => ({ status: 202, headers: { "x-bytes": String(request.rawBody.length) }, body: request.rawBody.toString("utf8") }),
        },
      ],
    };
    const t = await startTestServer({ definition: withRoutes as PlatformDefinition<unknown> });
    try {
      const get = await rawRequest(`${t.server.url}/extra/echo?q=hi`);
      expect(JSON.parse(get.text)).toEqual({ query: "hi" });
      const post = await rawRequest(`${t.server.url}/extra/ingest`, { method: "POST", body: "raw bytes" });
      expect(post.status).toBe(202);
      expect(post.headers["x-bytes"]).toBe("9");
      expect(post.text).toBe("raw bytes");
      const tooBig = await rawRequest(`${t.server.url}/extra/ingest`, { method: "POST", body: Buffer.alloc(2 * 1024 * 1024) });
      expect(tooBig.status).toBe(413);
      expect((await rawRequest(`${t.server.url}/extra/ingest`)).status).toBe(405);
    } finally {
      await t.stop();
    }
  });
});
