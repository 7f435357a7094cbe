/**
 * UserGems and Apollo end to end through one real `npm start` (issue 13): a fleet file with memory,
 * UserGems and Apollo, each platform's API on its loopback fake (PLATFORM_API_BASE_URL_<PLATFORM>).
 *
 * - Apollo: an over-budget match is refused over MCP without calling Apollo; a match with phone
 *   numbers hands Apollo a per-request callback URL under the local gateway, and the result posted
 *   there becomes a memory agents can search; a forged or missing token is refused, a replay is
 *   acknowledged but not stored again.
 * - UserGems: a signal posted through the gateway with the right X-Api-Key becomes searchable in
 *   memory over MCP; a wrong or missing key is refused and nothing of it is stored; a replay is
 *   stored once; a privacy delete over MCP removes that person's UserGems memories.
 *
 * One `npm start` for both platforms: each costs the suite many seconds. Binds fixed loopback
 * ports no other end-to-end test uses (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApolloFake } from "../fakes/apollo.js";
import { UsergemsFake } from "../fakes/usergems.js";
import { API_KEY as APOLLO_API_KEY, WEBHOOK_SECRET as APOLLO_WEBHOOK_TOKEN, seedProspects } from "../platforms/apollo/harness.js";
import { API_KEY as USERGEMS_API_KEY, JOB_CHANGE } from "../platforms/usergems/harness.js";
import { startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { writeFleetFile } from "../support/fleet-file.js";

const MEMORY_PORT = 9010;
const USERGEMS_PORT = 9019;
const APOLLO_PORT = 9020;
/** the X-Api-Key header value we chose for UserGems' Send to Webhook action */
const USERGEMS_WEBHOOK_TOKEN = "e2e-usergems-webhook-token-0123456789";

let dir: string;
let apollo: ApolloFake;
let usergems: UsergemsFake;
let fleet: NpmStartFleet;

interface ToolResult {
  isError?: boolean;
  structuredContent?: unknown;
  content: unknown;
}
interface Hit {
  title: string;
  snippet: string;
}

async function callTool(port: number, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  try {
    return (await client.callTool({ name, arguments: args })) as ToolResult;
  } finally {
    await client.close();
  }
}

async function searchMemory(query: string, source: string): Promise<Hit[]> {
  const result = await callTool(MEMORY_PORT, "memory_search", { query, source, limit: 25 });
  if (result.isError) throw new Error(`memory_search failed: ${JSON.stringify(result.content)}`);
  return (result.structuredContent as { hits: Hit[] }).hits;
}

async function recentSignals(): Promise<{ summary: string; email?: string }[]> {
  const result = await callTool(USERGEMS_PORT, "usergems_recent_signals", {});
  if (result.isError) throw new Error(`usergems_recent_signals failed: ${JSON.stringify(result.content)}`);
  return (result.structuredContent as { signals: { summary: string; email?: string }[] }).signals;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "prospecting-e2e-"));
  const fleetFile = writeFleetFile(dir, {
    memoryPort: MEMORY_PORT,
    platforms: {
      usergems: { mcp_server_port: USERGEMS_PORT, webhook_path: "/webhook/usergems" },
      apollo: { mcp_server_port: APOLLO_PORT, webhook_path: "/webhook/apollo" },
    },
  });
  [apollo, usergems] = await Promise.all([ApolloFake.start({ apiKey: APOLLO_API_KEY }), UsergemsFake.start({ apiKey: USERGEMS_API_KEY })]);
  seedProspects(apollo);
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      APOLLO_API_KEY,
      APOLLO_WEBHOOK_TOKEN,
      PLATFORM_API_BASE_URL_APOLLO: apollo.url,
      USERGEMS_API_KEY,
      USERGEMS_WEBHOOK_TOKEN,
      PLATFORM_API_BASE_URL_USERGEMS: usergems.url,
    },
  });
  await fleet.until("memory, usergems and apollo to be running", async () => {
    const running = (await fleet.status()).integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return ["memory", "usergems", "apollo"].every((p) => running.includes(p)) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await Promise.all([apollo?.close(), usergems?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with UserGems and Apollo", () => {
  it("lists both as running with their webhook URLs, none as \"no server yet\", and no secret in the output", async () => {
    expect(fleet.output()).toMatch(new RegExp(`usergems\\s+${USERGEMS_PORT}\\s+http://127\\.0\\.0\\.1:${USERGEMS_PORT}/mcp\\s+http://127\\.0\\.0\\.1:\\d+/webhook/usergems/events`));
    expect(fleet.output()).toMatch(new RegExp(`apollo\\s+${APOLLO_PORT}\\s+http://127\\.0\\.0\\.1:${APOLLO_PORT}/mcp\\s+http://127\\.0\\.0\\.1:\\d+/webhook/apollo/events`));
    expect(fleet.output()).not.toContain("no server yet");
    expect((await fleet.status()).integrations.map((i) => [i.platform, i.process])).toEqual([
      ["memory", "running"],
      ["usergems", "running"],
      ["apollo", "running"],
    ]);
    for (const secret of [APOLLO_API_KEY, APOLLO_WEBHOOK_TOKEN, USERGEMS_API_KEY, USERGEMS_WEBHOOK_TOKEN]) expect(fleet.output()).not.toContain(secret);
  });

  describe("Apollo", () => {
    it("refuses an over-budget match over MCP without calling Apollo", async () => {
      const before = apollo.requests.length;
      const result = await callTool(APOLLO_PORT, "apollo_match_people", { people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 1 });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/up to 9 credits, more than maxCredits 1/);
      expect(apollo.requests.length).toBe(before);
    });

    it("turns a phone reveal posted to its per-request URL through the gateway into a memory, once", async () => {
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
      const tokenless = new URL(callback);
      tokenless.searchParams.delete("token");
      expect((await post(tokenless.href)).status).toBe(401);
      expect((await post(callback)).status).toBe(200);
      expect((await post(callback)).status).toBe(200); // Apollo's retry or a replay: acknowledged

      const found = await fleet.until("the reveal to be searchable in memory", async () => {
        const hits = await searchMemory("Jane Doe phone number", "apollo");
        return hits.some((hit) => hit.snippet.includes("+15550100001")) ? hits : undefined;
      });
      expect(found.filter((hit) => hit.snippet.includes("+15550100001"))).toHaveLength(1);
    });
  });

  describe("UserGems", () => {
    const hook = (headers: Record<string, string>, signal: unknown) =>
      fetch(`${fleet.gatewayUrl}/webhook/usergems/events`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(signal) });
    /** a different person's signal, sent only with a wrong or missing key */
    const REFUSED = {
      ...JOB_CHANGE,
      person: { email: "mallory.forge@initech.example", firstName: "Mallory", lastName: "Forge" },
      previous: { company: { name: "Initech", domain: "initech.example" }, title: "CFO" },
    };

    it("stores a signal sent through the gateway with the right X-Api-Key once, searchable over MCP; refuses a wrong or missing key and stores nothing of it", async () => {
      expect((await hook({}, REFUSED)).status).toBe(401);
      expect((await hook({ "x-api-key": "not-the-token" }, REFUSED)).status).toBe(401);
      expect((await hook({ "x-api-key": `${USERGEMS_WEBHOOK_TOKEN}x` }, REFUSED)).status).toBe(401);
      expect((await hook({ "x-api-key": USERGEMS_WEBHOOK_TOKEN }, JOB_CHANGE)).status).toBe(200);
      expect((await hook({ "x-api-key": USERGEMS_WEBHOOK_TOKEN }, JOB_CHANGE)).status).toBe(200); // a replay: acknowledged

      const summary = "Jane Doe moved from Acme (VP Sales) to Globex (CRO) on 2026-11-18.";
      const hits = await fleet.until("the signal to be searchable in memory", async () => {
        const found = await searchMemory("who moved from Acme to Globex", "usergems");
        return found.some((hit) => hit.snippet.includes("Jane Doe moved from Acme")) ? found : undefined;
      });
      expect(hits.filter((hit) => hit.snippet.includes("Jane Doe"))).toHaveLength(1);
      expect(hits.some((hit) => /Mallory|Initech/.test(hit.snippet + hit.title))).toBe(false);
      expect((await searchMemory("Mallory Forge Initech", "usergems")).some((hit) => /Mallory|Initech/.test(hit.snippet + hit.title))).toBe(false);
      // everything UserGems' webhook has stored, as the read tool serves it from memory
      expect((await recentSignals()).map((s) => s.summary)).toEqual([summary]);
    });

    it("deletes the person at UserGems and their UserGems memories on a privacy delete over MCP", async () => {
      expect(await recentSignals()).toHaveLength(1); // the stored signal of the previous test
      const deleted = await callTool(USERGEMS_PORT, "usergems_privacy_delete", { email: "jane.doe@globex.example" });
      expect(deleted.isError).toBeFalsy();
      expect(deleted.structuredContent).toEqual({ deletedAtUsergems: true, usergemsMessage: "Privacy deletion requested", memoriesDeleted: 1 });
      expect(usergems.privacyDeleted).toEqual(["jane.doe@globex.example"]);
      expect(await recentSignals()).toEqual([]);
      expect((await searchMemory("Jane Doe moved from Acme to Globex", "usergems")).filter((hit) => hit.snippet.includes("Jane Doe"))).toEqual([]);
    });
  });

  it("sent the fakes nothing they did not expect", () => {
    expect(apollo.unexpected).toEqual([]);
    expect(usergems.unexpected).toEqual([]);
  });
});
