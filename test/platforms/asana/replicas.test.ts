/**
 * Two replicas of the Asana server behind one ingress, sharing one memory server: the replica that
 * answers the handshake stores the webhook's secret on the memory server (/state), and the other
 * replica, which never saw the handshake, verifies the signed deliveries with it. A replica without
 * a memory server (its own inbox kv only) cannot, which is what the shared store is for.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMemoryStateClient } from "../../../services/memory/state-client.js";
import { definition } from "../../../services/platforms/asana/index.js";
import { definition as memoryDefinition } from "../../../services/platforms/memory/index.js";
import type { PlatformDefinition } from "../../../services/runtime/contract.js";
import { startPlatformServer, type RunningServer } from "../../../services/runtime/server.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { AsanaFake } from "../../fakes/asana.js";
import { type LoopbackListener, listenOnLoopback } from "../../support/loopback.js";
import { TOKEN, type Workspace, seedWorkspace } from "./harness.js";

const INGEST_TOKEN = "asana-replicas-ingest-token-0123456789";

let fake: AsanaFake;
let ws: Workspace;
let ingress: LoopbackListener;
let memoryDir: string;
let memory: RunningServer;
let first: ContractServer;
let second: ContractServer;
let alone: ContractServer;
/** the replica the ingress forwards to */
let upstream = "";

beforeAll(async () => {
  fake = await AsanaFake.start(TOKEN);
  ws = seedWorkspace(fake);
  ingress = await listenOnLoopback(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name)).map(([k, v]) => [k, String(v)]));
        void fetch(`${upstream}${req.url ?? "/"}`, { method: req.method ?? "POST", headers, body: Buffer.concat(chunks) }).then(async (answer) => {
          res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
          res.end(Buffer.from(await answer.arrayBuffer()));
        });
      });
    }),
  );
  memoryDir = mkdtempSync(path.join(tmpdir(), "asana-replicas-memory-"));
  memory = await startPlatformServer({
    definition: memoryDefinition as PlatformDefinition<unknown>,
    env: { MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9010 }), MCP_AUTH_MODE: "none", LOG_LEVEL: "warn", MEMORY_INGEST_TOKEN: INGEST_TOKEN },
    port: 0,
    host: "127.0.0.1",
    dataDir: memoryDir,
    logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    defaultMetrics: false,
    shutdownGraceMs: 1_000,
  });
  const replica = (shared: boolean) =>
    startContractServer(definition, {
      env: {
        PLATFORM_API_BASE_URL: fake.apiUrl,
        ASANA_ACCESS_TOKEN: TOKEN,
        ASANA_WORKSPACE_ID: ws.workspace,
        ASANA_WEBHOOK_URL: `${ingress.url}/webhook/asana/events`,
        ...(shared ? { MEMORY_URL: memory.url, MEMORY_INGEST_TOKEN: INGEST_TOKEN } : {}),
      },
      settings: { event_subscriptions: ["task.changed"] },
    });
  [first, second, alone] = await Promise.all([replica(true), replica(true), replica(false)]);
});
afterAll(async () => {
  await Promise.all([first?.close(), second?.close(), alone?.close()]);
  await memory?.close();
  await ingress?.close();
  await fake?.close();
  if (memoryDir) rmSync(memoryDir, { recursive: true, force: true });
});

describe("Asana replicas sharing the webhook secret through the memory server", () => {
  it("verifies on one replica a delivery whose handshake the other answered", async () => {
    upstream = first.url;
    const client = new Client({ name: "asana-replicas", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${first.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${first.token}` } } }));
    const created = await client.callTool({ name: "asana_create_webhook", arguments: { resource: ws.launch } });
    await client.close();
    expect(created.isError).toBeFalsy();
    const webhook = (created.structuredContent as { webhook: { gid: string } }).webhook;
    const secret = fake.hookSecrets.get(webhook.gid) ?? expect.unreachable();

    // the secret is on the memory server, under the registration id the webhook's URL carries
    const target = new URL(String(fake.get(webhook.gid).target));
    const registrationId = target.searchParams.get("registration")?.split(".")[0] ?? expect.unreachable();
    const shared = createMemoryStateClient({ url: memory.url, token: INGEST_TOKEN, platform: "asana" });
    expect(await shared.get(`asana.hook_secret.${registrationId}`)).toBe(secret);

    fake.touch(ws.tasks.pricing, { completed: true, completed_at: new Date().toISOString() });
    const events = [
      { user: { gid: ws.grace, resource_type: "user" }, created_at: new Date().toISOString(), parent: null, action: "changed", resource: { gid: ws.tasks.pricing, resource_type: "task" }, change: { field: "completed", action: "changed" } },
    ];

    // the replica without the memory server never saw the handshake: it cannot verify
    upstream = alone.url;
    expect((await fake.deliver(webhook.gid, events)).status).toBe(401);

    // the other replica reads the secret from the memory server
    upstream = second.url;
    expect((await fake.deliver(webhook.gid, events, { secret: "wrong-secret" })).status).toBe(401);
    expect((await fake.deliver(webhook.gid, events)).status).toBe(200);
    await vi.waitFor(() => expect(second.stored.some((m) => m.content.startsWith("Grace Hopper completed the task"))).toBe(true), { timeout: 10_000, interval: 50 });
    expect(first.stored).toEqual([]);
    expect(alone.stored).toEqual([]);
    expect(fake.unexpected).toEqual([]);
  });

  it("refuses an unsolicited handshake on any replica, and nothing reaches the memory server", async () => {
    upstream = second.url;
    const answer = await fetch(`${ingress.url}/webhook/asana/events?registration=${"a".repeat(24)}.9999999999.${"0".repeat(64)}`, { method: "POST", headers: { "x-hook-secret": "attacker-chosen-secret" } });
    expect(answer.status).toBe(403);
    const shared = createMemoryStateClient({ url: memory.url, token: INGEST_TOKEN, platform: "asana" });
    expect(await shared.get(`asana.hook_secret.${"a".repeat(24)}`)).toBeUndefined();
  });
});
