/**
 * End to end through the real server: an agent creates a webhook over MCP, the Asana fake performs
 * Asana's handshake through a public ingress (a loopback forwarder) while the call runs, then sends
 * signed events that become memories through the inbox, once each; an unsolicited handshake, a wrong
 * secret and a tampered body are refused.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/asana/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { AsanaFake } from "../../fakes/asana.js";
import { type LoopbackListener, listenOnLoopback } from "../../support/loopback.js";
import { TOKEN, type Workspace, seedWorkspace } from "./harness.js";

let fake: AsanaFake;
let ws: Workspace;
let ingress: LoopbackListener;
let server: ContractServer;
let client: Client;
/** where the ingress forwards: the server, once it is up */
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
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.apiUrl, ASANA_ACCESS_TOKEN: TOKEN, ASANA_WORKSPACE_ID: ws.workspace, ASANA_WEBHOOK_URL: `${ingress.url}/webhook/asana/events` },
    settings: { event_subscriptions: ["task.changed", "story.added"] },
  });
  upstream = server.url;
  client = new Client({ name: "asana-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  await ingress?.close();
  await fake?.close();
});

const event = (overrides: Record<string, unknown>) => ({ user: { gid: ws.grace, resource_type: "user" }, created_at: new Date().toISOString(), parent: null, ...overrides });

describe("Asana server end to end", () => {
  it("refuses an unsolicited handshake", async () => {
    const answer = await fetch(`${ingress.url}/webhook/asana/events`, { method: "POST", headers: { "x-hook-secret": "attacker-chosen-secret" } });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("x-hook-secret")).toBeNull();
  });

  it("registers a webhook over MCP, then stores each signed event once and refuses forged ones", async () => {
    const created = await client.callTool({ name: "asana_create_webhook", arguments: { resource: ws.launch } });
    expect(created.isError).toBeFalsy();
    const webhook = (created.structuredContent as { webhook: { gid: string; active: boolean; target: string } }).webhook;
    expect(webhook).toMatchObject({ active: true, target: `${ingress.url}/webhook/asana/events` });

    fake.touch(ws.tasks.pricing, { completed: true, completed_at: new Date().toISOString() });
    const events = [event({ action: "changed", resource: { gid: ws.tasks.pricing, resource_type: "task" }, change: { field: "completed", action: "changed" } })];
    expect((await fake.deliver(webhook.gid, events)).status).toBe(200);
    expect((await fake.deliver(webhook.gid, events)).status).toBe(200);
    expect((await fake.deliver(webhook.gid, events, { secret: "wrong-secret" })).status).toBe(401);
    // a body altered after Asana signed it
    const body = JSON.stringify({ events });
    const tampered = await fetch(String(fake.get(webhook.gid).target), {
      method: "POST",
      headers: { "content-type": "application/json", "x-hook-signature": signatureOf(webhook.gid, body) },
      body: body.replace('"completed"', '"assignee"'),
    });
    expect(tampered.status).toBe(401);
    // not subscribed: acknowledged, not stored
    expect((await fake.deliver(webhook.gid, [event({ action: "added", resource: { gid: ws.tasks.copy, resource_type: "task" }, change: null })])).status).toBe(200);

    await vi.waitFor(() => expect(server.stored.some((m) => m.content.startsWith("Grace Hopper completed the task"))).toBe(true), { timeout: 10_000, interval: 50 });
    const completed = server.stored.filter((m) => m.content.startsWith("Grace Hopper completed the task"));
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ source: "asana", url: `https://app.asana.com/1/0/task/${ws.tasks.pricing}` });
    expect(server.stored.some((m) => m.content.startsWith("Grace Hopper created"))).toBe(false);
    expect(fake.unexpected).toEqual([]);
  });

  it("creates a task and comments on it over MCP", async () => {
    const created = await client.callTool({ name: "asana_create_task", arguments: { name: "Order banners", project: ws.launch, assignee: "me" } });
    expect(created.isError).toBeFalsy();
    const task = (created.structuredContent as { task: { gid: string; assignee: { name: string } } }).task;
    expect(task.assignee.name).toBe("Ada Lovelace");
    const comment = await client.callTool({ name: "asana_add_comment", arguments: { task: task.gid, text: "Two sizes, please." } });
    expect(comment.structuredContent).toMatchObject({ task: task.gid, comment: { text: "Two sizes, please.", isComment: true } });
    const missing = await client.callTool({ name: "asana_get_task", arguments: { task: "1299999999999999" } });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain("404");
    expect(fake.unexpected).toEqual([]);
  });
});

/** The signature Asana would send for `body` on this webhook (computed in the test, not by the server). */
function signatureOf(webhookGid: string, body: string): string {
  return createHmac("sha256", fake.hookSecrets.get(webhookGid) ?? "").update(body).digest("hex");
}
