/**
 * End to end through the real server: an agent calls a tool over MCP and the server calls the
 * Figma fake; Figma posts a webhook carrying the passcode, and the event becomes a memory through
 * the inbox, once, while a wrong passcode gets a 401.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/figma/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { FigmaFake } from "../../fakes/figma.js";
import { PASSCODE, TEAM_ID, TOKEN, seedCheckoutFile } from "./harness.js";

let fake: FigmaFake;
let server: ContractServer;
beforeAll(async () => {
  fake = await FigmaFake.start({ token: TOKEN });
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.url, FIGMA_ACCESS_TOKEN: TOKEN, FIGMA_WEBHOOK_PASSCODE: PASSCODE, FIGMA_TEAM_ID: TEAM_ID },
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("Figma server end to end", () => {
  it("answers figma_get_file over MCP with structured content from the API, and a typed error for a missing file", async () => {
    const file = seedCheckoutFile(fake);
    const client = new Client({ name: "figma-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const result = await client.callTool({ name: "figma_get_file", arguments: { fileKey: file.key } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ name: "Checkout flows", pages: [{ name: "Cart" }, { name: "Payment" }] });
      const failed = await client.callTool({ name: "figma_get_file", arguments: { fileKey: "NoSuchFile0123456789" } });
      expect(failed.isError).toBe(true);
      expect(JSON.stringify(failed.content)).toContain("404");
      expect(JSON.stringify(failed.content)).not.toContain(TOKEN);
    } finally {
      await client.close();
    }
    expect(fake.unexpected).toEqual([]);
  });

  it("takes a comment event with the passcode into memory once, and refuses one without it", async () => {
    const body = (passcode: string) =>
      JSON.stringify({
        event_type: "FILE_COMMENT",
        passcode,
        timestamp: "2026-11-20T11:59:00Z",
        webhook_id: "22",
        file_key: "Fk3xA9checkout22keyAB",
        file_name: "Checkout flows",
        comment_id: "9001",
        created_at: "2026-11-20T11:58:59Z",
        comment: [{ text: "Looks great, ship it" }],
        mentions: [],
        triggered_by: { id: "1002", handle: "Grace Hopper", img_url: "" },
      });
    const post = (text: string) => fetch(`${server.url}${server.webhookPath}`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
    expect((await post(body("not the passcode"))).status).toBe(401);
    expect((await post(body(PASSCODE))).status).toBe(200);
    expect((await post(body(PASSCODE))).status).toBe(200);
    const key = "figma:comment:Fk3xA9checkout22keyAB:9001";
    await vi.waitFor(() => expect(server.stored.some((m) => m.key === key)).toBe(true), { timeout: 10_000, interval: 50 });
    const memories = server.stored.filter((m) => m.key === key);
    expect(memories).toHaveLength(1);
    expect(memories[0]?.content).toBe('Grace Hopper commented on Figma file "Checkout flows": "Looks great, ship it"');
  });
});
