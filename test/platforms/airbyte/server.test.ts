/**
 * End to end through the real server: an agent starts a sync and follows it over MCP, the server
 * minting its token from the client credentials at the Airbyte fake; Airbyte then posts its
 * (unsigned) notification to the token URL, and the job becomes a memory only after the server has
 * looked it up, once however often the notification comes.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/airbyte/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { AirbyteFake } from "../../fakes/airbyte.js";
import { CLIENT_ID, CLIENT_SECRET, seedWorkspace } from "./harness.js";

const WEBHOOK_TOKEN = "e2e-webhook-token-6b1f0c";

let fake: AirbyteFake;
let server: ContractServer;
beforeAll(async () => {
  fake = await AirbyteFake.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.url, AIRBYTE_CLIENT_ID: CLIENT_ID, AIRBYTE_CLIENT_SECRET: CLIENT_SECRET, AIRBYTE_WEBHOOK_TOKEN: WEBHOOK_TOKEN },
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("Airbyte server end to end", () => {
  it("starts a sync and follows it over MCP", async () => {
    const { connection } = seedWorkspace(fake);
    const client = new Client({ name: "airbyte-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const started = await client.callTool({ name: "airbyte_trigger_sync", arguments: { connectionId: connection.connectionId } });
      expect(started.isError).toBeFalsy();
      const job = (started.structuredContent as { job: { jobId: number; status: string } }).job;
      expect(job.status).toBe("running");
      fake.job(job.jobId).status = "succeeded";
      const followed = await client.callTool({ name: "airbyte_get_job", arguments: { jobId: job.jobId } });
      expect(followed.structuredContent).toMatchObject({ job: { jobId: job.jobId, status: "succeeded", finished: true } });
      const missing = await client.callTool({ name: "airbyte_get_job", arguments: { jobId: 424242 } });
      expect(missing.isError).toBe(true);
      expect(JSON.stringify(missing.content)).toContain("404");
    } finally {
      await client.close();
    }
    expect(fake.requests.filter((r) => r.path === "/v1/applications/token")).toHaveLength(1);
    expect(fake.unexpected).toEqual([]);
  });

  it("refuses a notification without the URL token, and remembers a confirmed one once", async () => {
    const { connection } = seedWorkspace(fake);
    const job = fake.addJob(connection, { status: "failed", startTime: "2026-11-20T09:00:00Z", lastUpdatedAt: "2026-11-20T09:04:00Z", duration: "PT4M", rowsSynced: 10 });
    const body = JSON.stringify({ text: "Sync failed", data: { jobId: job.jobId, success: false, connection: { id: connection.connectionId, name: "Connection" }, errorMessage: "boom" } });
    const post = (query: string) => fetch(`${server.url}${server.webhookPath}${query}`, { method: "POST", headers: { "content-type": "application/json" }, body });

    expect((await post("")).status).toBe(401);
    expect((await post("?token=wrong")).status).toBe(401);
    expect((await post(`?token=${WEBHOOK_TOKEN}`)).status).toBe(200);
    expect((await post(`?token=${WEBHOOK_TOKEN}`)).status).toBe(200);
    const key = `airbyte:job:${job.jobId}:failed`;
    await vi.waitFor(() => expect(server.stored.some((m) => m.key === key)).toBe(true), { timeout: 10_000, interval: 50 });
    const memories = server.stored.filter((m) => m.key === key);
    expect(memories).toHaveLength(1);
    expect(memories[0]?.content).toContain('The Airbyte sync of connection "Postgres → Warehouse"');
    expect(memories[0]?.content).not.toContain("boom");
    expect(fake.requests.filter((r) => r.path === `/v1/jobs/${job.jobId}`)).toHaveLength(1);
    expect(fake.unexpected).toEqual([]);
  });
});
