/**
 * End to end through the real server: an agent calls tools over MCP and the server calls the
 * OpenRouter fake (no key in any answer); Broadcast posts a trace with the header token, and the
 * generation becomes one memory through the inbox however often it is delivered.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/openrouter/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { OpenrouterFake } from "../../fakes/openrouter.js";
import { API_KEY, seedCatalogue } from "./harness.js";

const BROADCAST_TOKEN = "e2e-broadcast-token-5f1c9a";

let fake: OpenrouterFake;
let server: ContractServer;
beforeAll(async () => {
  fake = await OpenrouterFake.start({ apiKey: API_KEY });
  seedCatalogue(fake);
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.url, OPENROUTER_API_KEY: API_KEY, OPENROUTER_WEBHOOK_TOKEN: BROADCAST_TOKEN, OPENROUTER_APP_NAME: "Sophia fleet" },
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("OpenRouter server end to end", () => {
  it("answers the read tools and the completion tool over MCP, refusing an expensive model, and never shows the key", async () => {
    const client = new Client({ name: "openrouter-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const key = await client.callTool({ name: "openrouter_get_key_status", arguments: {} });
      expect(key.isError).toBeFalsy();
      expect(key.structuredContent).toMatchObject({ key: { limitUsd: 20, remainingUsd: 14.5 } });
      const asked = await client.callTool({ name: "openrouter_ask_model", arguments: { model: "openai/gpt-4o-mini", prompt: "Capital of France?", maxTokens: 20 } });
      expect(asked.structuredContent).toMatchObject({ answer: "Paris.", model: "openai/gpt-4o-mini" });
      const refused = await client.callTool({ name: "openrouter_ask_model", arguments: { model: "anthropic/claude-sonnet-4.5", prompt: "hi", maxTokens: 20 } });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain("above the ceiling");
      for (const result of [key, asked, refused]) expect(JSON.stringify(result)).not.toContain(API_KEY);
    } finally {
      await client.close();
    }
    expect(fake.requests.find((r) => r.path === "/api/v1/chat/completions")?.headers["x-title"]).toBe("Sophia fleet");
    expect(fake.requests.filter((r) => r.path === "/api/v1/chat/completions")).toHaveLength(1);
    expect(fake.unexpected).toEqual([]);
  });

  it("takes a Broadcast trace with the header token and stores its generation once", async () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "openrouter" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "0af7651916cd43dd8448eb211c80319c",
                  spanId: "b7ad6b7169203331",
                  name: "LLM Generation",
                  startTimeUnixNano: String(Date.now() * 1_000_000),
                  endTimeUnixNano: String((Date.now() + 800) * 1_000_000),
                  attributes: [
                    { key: "gen_ai.response.model", value: { stringValue: "openai/gpt-4o-mini" } },
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "12" } },
                    { key: "gen_ai.usage.output_tokens", value: { intValue: "3" } },
                    { key: "gen_ai.usage.total_cost", value: { doubleValue: 0.0000036 } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const post = (token: string | undefined) =>
      fetch(`${server.url}${server.webhookPath}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { "x-broadcast-token": token } : {}) }, body });
    expect((await post(undefined)).status).toBe(401);
    expect((await post("wrong-token")).status).toBe(401);
    expect((await post(BROADCAST_TOKEN)).status).toBe(200);
    expect((await post(BROADCAST_TOKEN)).status).toBe(200);
    const key = "openrouter:generation:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331";
    await vi.waitFor(() => expect(server.stored.some((m) => m.key === key)).toBe(true), { timeout: 10_000, interval: 50 });
    const memories = server.stored.filter((m) => m.key === key);
    expect(memories).toHaveLength(1);
    expect(memories[0]?.content).toContain("OpenRouter generation: openai/gpt-4o-mini read 12 prompt tokens and wrote 3 completion tokens for $0.0000036");
  });
});
