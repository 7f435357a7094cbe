/**
 * End to end through the real server: an agent creates and comments on an issue over MCP against
 * the Linear fake; Linear posts a signed webhook and it becomes an enriched memory through the inbox.
 */
import { createHmac, randomUUID } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/linear/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { LinearFake } from "../../fakes/linear.js";
import { API_KEY, type Workspace, seedWorkspace } from "./harness.js";

const WEBHOOK_SECRET = "e2e-linear-webhook-secret";

let fake: LinearFake;
let ws: Workspace;
let server: ContractServer;
beforeAll(async () => {
  fake = await LinearFake.start(API_KEY);
  ws = seedWorkspace(fake);
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.url, LINEAR_API_KEY: API_KEY, LINEAR_WEBHOOK_SECRET: WEBHOOK_SECRET, LINEAR_TEAM_ID: ws.eng },
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("Linear server end to end", () => {
  it("creates an issue in the default team and comments on it over MCP", async () => {
    const client = new Client({ name: "linear-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const created = await client.callTool({ name: "linear_create_issue", arguments: { title: "Flaky checkout test", priority: 2 } });
      expect(created.isError).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ issue: { identifier: "ENG-1", priority: "High", team: "ENG" } });
      const comment = await client.callTool({ name: "linear_create_comment", arguments: { issueId: "ENG-1", body: "Seen twice today." } });
      expect(comment.structuredContent).toMatchObject({ issue: "ENG-1", body: "Seen twice today." });
      const missing = await client.callTool({ name: "linear_get_issue", arguments: { id: "ENG-99" } });
      expect(missing.isError).toBe(true);
      expect(JSON.stringify(missing.content)).toContain("Could not find referenced Issue.");
    } finally {
      await client.close();
    }
    expect(fake.unexpected).toEqual([]);
  });

  it("verifies a webhook and stores the enriched issue event once per delivery", async () => {
    const issue = fake.addIssue({ teamId: ws.eng, title: "Payment webhook retries", stateId: ws.states.inProgress, assigneeId: ws.ada });
    const delivery = randomUUID();
    const body = JSON.stringify({
      action: "update",
      type: "Issue",
      createdAt: new Date().toISOString(),
      actor: { id: ws.grace, name: "Grace Hopper", type: "user" },
      data: { id: issue.id, identifier: fake.identifier(issue), title: issue.title },
      updatedFrom: { stateId: ws.states.todo },
      url: "https://linear.app/acme/issue/x",
      organizationId: "org",
      webhookTimestamp: Date.now(),
    });
    const post = (signature: string) =>
      fetch(`${server.url}${server.webhookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", "linear-signature": signature, "linear-delivery": delivery, "linear-event": "Issue" },
        body,
      });
    const signature = createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex");
    expect((await post(createHmac("sha256", "wrong").update(body).digest("hex"))).status).toBe(401);
    expect((await post(signature)).status).toBe(200);
    expect((await post(signature)).status).toBe(200);
    const key = `linear:event:${delivery}`;
    await vi.waitFor(() => expect(server.stored.some((m) => m.key === key)).toBe(true), { timeout: 10_000, interval: 50 });
    const memories = server.stored.filter((m) => m.key === key);
    expect(memories).toHaveLength(1);
    expect(memories[0]?.content).toMatch(/^Grace Hopper updated ENG-\d+ \(state\)\. ENG-\d+ moved to In Progress\. Linear issue/);
    expect(fake.unexpected).toEqual([]);
  });
});
