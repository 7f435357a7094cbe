/**
 * Apollo end to end through `npm start` (memory + Apollo, the Apollo API on a loopback fake): an
 * agent asks over MCP for a person with phone numbers, which hands Apollo a per-request callback
 * URL under the local gateway; Apollo's result posted to that URL through the gateway becomes a
 * memory agents can search; a forged token is refused and a replay is acknowledged but not stored
 * again. Binds fixed ports: run under `flock /tmp/fleet-ports.lock`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApolloFake } from "../../fakes/apollo.js";
import { startNpmFleet, type NpmStartFleet } from "../../support/npm-start.js";
import { API_KEY, WEBHOOK_SECRET, seedProspects } from "./harness.js";

const MEMORY_PORT = 9006;
const APOLLO_PORT = 9020;

let dir: string;
let apollo: ApolloFake;
let fleet: NpmStartFleet;

async function callTool(port: number, name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; structuredContent?: unknown; content: unknown }> {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  try {
    return (await client.callTool({ name, arguments: args })) as { isError?: boolean; structuredContent?: unknown; content: unknown };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "apollo-e2e-"));
  const fleetFile = path.join(dir, "integrations.yaml");
  writeFileSync(
    fleetFile,
    `integrations:
  memory:
    enabled: true
    mcp_server_port: ${MEMORY_PORT}
  apollo:
    enabled: true
    mcp_server_port: ${APOLLO_PORT}
    webhook_path: "/webhook/apollo"
`,
  );
  apollo = await ApolloFake.start({ apiKey: API_KEY });
  seedProspects(apollo);
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      APOLLO_API_KEY: API_KEY,
      APOLLO_WEBHOOK_TOKEN: WEBHOOK_SECRET,
      PLATFORM_API_BASE_URL_APOLLO: apollo.url,
    },
  });
  await fleet.until("memory and apollo to be running", async () => {
    const running = (await fleet.status()).integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return running.includes("memory") && running.includes("apollo") ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await apollo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Apollo through npm start", () => {
  it("lists Apollo as running with its webhook URL, and no secret in the output", () => {
    expect(fleet.output()).toMatch(new RegExp(`apollo\\s+${APOLLO_PORT}\\s+http://127\\.0\\.0\\.1:${APOLLO_PORT}/mcp\\s+http://127\\.0\\.0\\.1:\\d+/webhook/apollo/events`));
    expect(fleet.output()).not.toContain(API_KEY);
    expect(fleet.output()).not.toContain(WEBHOOK_SECRET);
  });

  it("refuses an over-budget match over MCP without calling Apollo", async () => {
    const before = apollo.requests.length;
    const result = await callTool(APOLLO_PORT, "apollo_match_people", { people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 1 });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/up to 9 credits, more than maxCredits 1/);
    expect(apollo.requests.length).toBe(before);
  });

  it("turns a phone reveal posted to its per-request URL into a memory, once", async () => {
    const result = await callTool(APOLLO_PORT, "apollo_match_people", { people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 9 });
    expect(result.isError).toBeFalsy();
    const callback = apollo.callbackUrls.at(-1)!;
    expect(callback.startsWith(`${fleet.gatewayUrl}/webhook/apollo/events?`)).toBe(true);

    const body = JSON.stringify({
      status: "success",
      request_id: 7729515760484695000,
      credits_consumed: 8,
      people: [{ id: "64a7ff0cc4dfae00013df1a0", status: "success", first_name: "Jane", last_name: "Doe", title: "VP Sales", organization: { name: "Acme Corp" }, phone_numbers: [{ sanitized_number: "+15550100001", type_cd: "mobile" }] }],
    });
    const post = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const forged = new URL(callback);
    forged.searchParams.set("token", "A".repeat(43));
    expect((await post(forged.href)).status).toBe(401);
    expect((await post(callback)).status).toBe(200);
    expect((await post(callback)).status).toBe(200); // Apollo's retry or a replay: acknowledged

    const found = await fleet.until("the reveal to be searchable in memory", async () => {
      const search = await callTool(MEMORY_PORT, "memory_search", { query: "Jane Doe phone number", source: "apollo" });
      const hits = (search.structuredContent as { hits: { snippet: string }[] } | undefined)?.hits ?? [];
      return hits.some((hit) => hit.snippet.includes("+15550100001")) ? hits : undefined;
    });
    expect(found.filter((hit) => hit.snippet.includes("+15550100001"))).toHaveLength(1);
  });
});
