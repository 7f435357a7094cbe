/**
 * End to end through the real server: an agent calls a tool over MCP and the server calls the
 * HubSpot fake; HubSpot posts a signed webhook behind a proxy (the signature covers the public URL,
 * not the one the server sees), and the event becomes an enriched memory through the inbox.
 */
import { createHmac } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/hubspot/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { HubspotFake } from "../../fakes/hubspot.js";
import { TOKEN } from "./harness.js";

const CLIENT_SECRET = "e2e-client-secret";
const PUBLIC_URL = "https://hooks.example.com/webhook/hubspot/events";

let fake: HubspotFake;
let server: ContractServer;
beforeAll(async () => {
  fake = await HubspotFake.start({ token: TOKEN });
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.url, HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_CLIENT_SECRET: CLIENT_SECRET, WEBHOOK_PUBLIC_URL: PUBLIC_URL },
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("HubSpot server end to end", () => {
  it("answers hubspot_search_objects over MCP with structured content from the API", async () => {
    fake.addObject("companies", { name: "Acme", domain: "acme.test" });
    const client = new Client({ name: "hubspot-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const result = await client.callTool({ name: "hubspot_search_objects", arguments: { objectType: "companies", query: "acme" } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ total: 1, results: [{ objectType: "companies", properties: { name: "Acme", domain: "acme.test" } }] });
      const failed = await client.callTool({ name: "hubspot_get_object", arguments: { objectType: "deals", id: "123456789" } });
      expect(failed.isError).toBe(true);
      expect(JSON.stringify(failed.content)).toContain("404");
    } finally {
      await client.close();
    }
    expect(fake.unexpected).toEqual([]);
  });

  it("verifies a webhook against the public URL and stores the enriched event once", async () => {
    const contact = fake.addObject("contacts", { firstname: "Ada", lastname: "Lovelace", email: "ada@acme.test" });
    const body = JSON.stringify([
      { eventId: 9001, subscriptionId: 12, portalId: 62515, appId: 1, occurredAt: Date.now(), subscriptionType: "contact.creation", attemptNumber: 0, objectId: Number(contact.id), changeSource: "CRM", changeFlag: "NEW" },
    ]);
    const timestamp = String(Date.now());
    const signature = createHmac("sha256", CLIENT_SECRET).update(`POST${PUBLIC_URL}${body}${timestamp}`).digest("base64");
    const post = (sig: string) =>
      fetch(`${server.url}${server.webhookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": timestamp },
        body,
      });

    expect((await post(signature.replace(/^./, (c) => (c === "A" ? "B" : "A")))).status).toBe(401);
    expect((await post(signature)).status).toBe(200);
    expect((await post(signature)).status).toBe(200);
    await vi.waitFor(() => expect(server.stored.some((m) => m.key === "hubspot:event:62515:12:9001")).toBe(true), { timeout: 10_000, interval: 50 });
    const memories = server.stored.filter((m) => m.key === "hubspot:event:62515:12:9001");
    expect(memories).toHaveLength(1);
    expect(memories[0]?.content).toContain("HubSpot contact Ada Lovelace. Email: ada@acme.test.");
    expect(fake.unexpected).toEqual([]);
  });
});
