/**
 * End to end through the real server: an agent reads analytics and virtual keys over MCP, the
 * server calls the Portkey fake with its key, and no secret reaches the agent.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/portkey/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { PLANTED_SECRETS, PortkeyFake } from "../../fakes/portkey.js";
import { API_KEY, WORKSPACE, seed } from "./harness.js";

let fake: PortkeyFake;
let server: ContractServer;
beforeAll(async () => {
  fake = await PortkeyFake.start({ apiKey: API_KEY, workspace: WORKSPACE });
  seed(fake);
  server = await startContractServer(definition, { env: { PLATFORM_API_BASE_URL: fake.url, PORTKEY_API_KEY: API_KEY, PORTKEY_WORKSPACE_ID: WORKSPACE } });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("Portkey server end to end", () => {
  it("answers analytics and virtual keys over MCP without a secret in sight", async () => {
    const client = new Client({ name: "portkey-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const analytics = await client.callTool({ name: "portkey_get_analytics", arguments: { from: "2026-11-17T00:00:00Z", to: "2026-11-19T23:59:59Z", metrics: ["cost"] } });
      expect(analytics.isError).toBeFalsy();
      expect(analytics.structuredContent).toMatchObject({ graphs: [{ metric: "cost", summary: { total: 19.8 } }] });
      const keys = await client.callTool({ name: "portkey_list_virtual_keys", arguments: {} });
      const config = await client.callTool({ name: "portkey_get_config", arguments: { slug: "pc-prod-router" } });
      const text = JSON.stringify([analytics, keys, config]);
      for (const secret of [API_KEY, ...PLANTED_SECRETS]) expect(text).not.toContain(secret);
      const missing = await client.callTool({ name: "portkey_get_config", arguments: { slug: "nope" } });
      expect(missing.isError).toBe(true);
      expect(JSON.stringify(missing.content)).toContain("404");
    } finally {
      await client.close();
    }
    expect(fake.unexpected).toEqual([]);
  });
});
