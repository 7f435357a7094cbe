/**
 * Figma through `npm start`: memory + Figma from a small fleet file, the Figma server's API pointed
 * at the loopback fake. A comment event carrying the webhook's passcode, sent through the local
 * gateway, becomes searchable through the memory server's MCP tools; one with a wrong passcode is
 * refused. Binds fixed loopback ports (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FigmaFake } from "../../fakes/figma.js";
import { startNpmFleet, type NpmStartFleet } from "../../support/npm-start.js";
import { PASSCODE, TEAM_ID, TOKEN } from "./harness.js";

const MEMORY_PORT = 9011;
const FIGMA_PORT = 9000;

let dir: string;
let fake: FigmaFake;
let fleet: NpmStartFleet;

async function searchMemory(query: string): Promise<{ hits: { title?: string; snippet: string; source: string; url?: string }[] }> {
  const client = new Client({ name: "figma-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${MEMORY_PORT}/mcp`)));
  try {
    const result = await client.callTool({ name: "memory_search", arguments: { query, source: "figma" } });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return result.structuredContent as { hits: { title?: string; snippet: string; source: string; url?: string }[] };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "figma-e2e-"));
  const fleetFile = path.join(dir, "integrations.yaml");
  writeFileSync(
    fleetFile,
    `integrations:
  memory:
    enabled: true
    mcp_server_port: ${MEMORY_PORT}
  figma:
    enabled: true
    mcp_server_port: ${FIGMA_PORT}
    webhook_path: "/webhook/figma"
    event_subscriptions: ["FILE_COMMENT"]
    rate_limits:
      api_calls_per_minute: 20
`,
  );
  fake = await FigmaFake.start({ token: TOKEN });
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      FIGMA_ACCESS_TOKEN: TOKEN,
      FIGMA_WEBHOOK_PASSCODE: PASSCODE,
      FIGMA_TEAM_ID: TEAM_ID,
      PLATFORM_API_BASE_URL_FIGMA: fake.url,
    },
  });
  await fleet.until("memory and figma to be running", async () => {
    const s = await fleet.status();
    const running = s.integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return running.includes("memory") && running.includes("figma") ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Figma, end to end", () => {
  it("turns a Figma comment event with the passcode into a memory agents can search", async () => {
    const body = (passcode: string) =>
      JSON.stringify({
        event_type: "FILE_COMMENT",
        passcode,
        timestamp: new Date().toISOString(),
        webhook_id: "31",
        file_key: "Fk3xA9checkout22keyAB",
        file_name: "Checkout flows",
        comment_id: "424242",
        created_at: new Date().toISOString(),
        comment: [{ text: "The payment step needs the Apple Pay button above the card form" }],
        mentions: [],
        triggered_by: { id: "1002", handle: "Grace Hopper", img_url: "" },
      });
    const post = (text: string) => fetch(`${fleet.gatewayUrl}/webhook/figma/events`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
    expect((await post(body("wrong passcode"))).status).toBe(401);
    expect((await post(body(PASSCODE))).status).toBe(200);

    const found = await fleet.until("the comment to be searchable in memory", async () => {
      const { hits } = await searchMemory("Apple Pay button placement in checkout designs");
      return hits.find((hit) => hit.snippet.includes("Apple Pay"));
    });
    expect(found.source).toBe("figma");
    expect(found.url).toBe("https://www.figma.com/design/Fk3xA9checkout22keyAB");
    expect(fleet.output()).not.toContain(PASSCODE);
    expect(fleet.output()).not.toContain(TOKEN);
    expect(fake.unexpected).toEqual([]);
  });
});
