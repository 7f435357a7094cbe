/**
 * Issue 11 end to end through `npm start`: one fleet file with memory, Asana, Figma, Vercel and
 * Airbyte, each server's API pointed at its loopback fake (PLATFORM_API_BASE_URL_<PLATFORM>). One
 * event per platform is sent through the local gateway, proved the way that platform proves it, and
 * becomes searchable through the memory server's MCP search tool:
 *
 *   - Asana: an agent creates the webhook with asana_create_webhook over MCP; the fake performs
 *     Asana's handshake through the gateway while the call runs, then posts an event signed with
 *     the secret it chose (X-Hook-Signature, HMAC-SHA256, computed here);
 *   - Figma: the webhook's passcode in the body;
 *   - Vercel: x-vercel-signature, hex HMAC-SHA1 of the raw body, computed here;
 *   - Airbyte: the token in the URL, and the job confirmed at the fake before anything is stored.
 *
 * One fleet start serves all four. Binds fixed loopback ports (run under
 * `flock /tmp/fleet-ports.lock`).
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AirbyteFake } from "../fakes/airbyte.js";
import { AsanaFake } from "../fakes/asana.js";
import { FigmaFake } from "../fakes/figma.js";
import { VercelFake } from "../fakes/vercel.js";
import { CLIENT_ID as AIRBYTE_CLIENT_ID, CLIENT_SECRET as AIRBYTE_CLIENT_SECRET, seedWorkspace as seedAirbyte } from "../platforms/airbyte/harness.js";
import { TOKEN as ASANA_TOKEN, type Workspace, seedWorkspace as seedAsana } from "../platforms/asana/harness.js";
import { PASSCODE as FIGMA_PASSCODE, TEAM_ID as FIGMA_TEAM_ID, TOKEN as FIGMA_TOKEN } from "../platforms/figma/harness.js";
import { TEAM_ID as VERCEL_TEAM_ID, TOKEN as VERCEL_TOKEN, gitMeta } from "../platforms/vercel/harness.js";
import { startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { writeFleetFile } from "../support/fleet-file.js";

// the four platforms' shipped ports; memory on one no other end-to-end test binds (9010 is taken)
const PORTS = { memory: 9017, figma: 9006, airbyte: 9013, vercel: 9014, asana: 9018 } as const;
const VERCEL_WEBHOOK_SECRET = "four-platforms-vercel-webhook-secret";
const AIRBYTE_WEBHOOK_TOKEN = "four-platforms-airbyte-url-token-5e7a";

let dir: string;
let asana: AsanaFake;
let figma: FigmaFake;
let vercel: VercelFake;
let airbyte: AirbyteFake;
let ws: Workspace;
let fleet: NpmStartFleet;

interface Hit {
  readonly id: string;
  readonly source: string;
  readonly title?: string;
  readonly url?: string;
  readonly snippet: string;
}

interface Memory {
  readonly key: string;
  readonly source: string;
  readonly title?: string;
  readonly url?: string;
  readonly content: string;
}

async function withMcp<T>(port: number, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: "four-platforms-e2e", version: "1.0.0" });
  // the local fleet serves agents on loopback without a token
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

async function callMemory<T>(name: string, args: Record<string, unknown>): Promise<T> {
  return withMcp(PORTS.memory, async (client) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return result.structuredContent as T;
  });
}

/**
 * Waits until memory_search for `query` among `source`'s memories finds the one whose title is (or
 * matches) `title`, then reads it whole with memory_get (both over MCP, as an agent would).
 */
async function searchable(source: string, query: string, title: string | RegExp): Promise<Memory> {
  const hit = await fleet.until(`the ${source} event to be searchable in memory`, async () => {
    const { hits } = await callMemory<{ hits: Hit[] }>("memory_search", { query, source });
    return hits.find((candidate) => (typeof title === "string" ? candidate.title === title : title.test(candidate.title ?? "")));
  });
  const { found, memory } = await callMemory<{ found: boolean; memory?: Memory }>("memory_get", { id: hit.id });
  expect(found).toBe(true);
  return memory!;
}

const post = (pathAndQuery: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${fleet.gatewayUrl}${pathAndQuery}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "four-platforms-e2e-"));
  const fleetFile = writeFleetFile(dir, {
    memoryPort: PORTS.memory,
    platforms: {
      asana: { mcp_server_port: PORTS.asana, webhook_path: "/webhook/asana", event_subscriptions: ["task.changed"] },
      figma: { mcp_server_port: PORTS.figma, webhook_path: "/webhook/figma", event_subscriptions: ["FILE_COMMENT"] },
      vercel: { mcp_server_port: PORTS.vercel, webhook_path: "/webhook/vercel", event_subscriptions: ["deployment.succeeded"] },
      airbyte: { mcp_server_port: PORTS.airbyte, webhook_path: "/webhook/airbyte", event_subscriptions: ["sync_succeeded", "sync_failed"] },
    },
  });
  [asana, figma, vercel, airbyte] = await Promise.all([
    AsanaFake.start(ASANA_TOKEN),
    FigmaFake.start({ token: FIGMA_TOKEN }),
    VercelFake.start({ token: VERCEL_TOKEN, teamId: VERCEL_TEAM_ID }),
    AirbyteFake.start({ clientId: AIRBYTE_CLIENT_ID, clientSecret: AIRBYTE_CLIENT_SECRET }),
  ]);
  ws = seedAsana(asana);
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      ASANA_ACCESS_TOKEN: ASANA_TOKEN,
      ASANA_WORKSPACE_ID: ws.workspace,
      PLATFORM_API_BASE_URL_ASANA: asana.apiUrl,
      FIGMA_ACCESS_TOKEN: FIGMA_TOKEN,
      FIGMA_WEBHOOK_PASSCODE: FIGMA_PASSCODE,
      FIGMA_TEAM_ID: FIGMA_TEAM_ID,
      PLATFORM_API_BASE_URL_FIGMA: figma.url,
      VERCEL_TOKEN,
      VERCEL_TEAM_ID,
      VERCEL_WEBHOOK_SECRET,
      PLATFORM_API_BASE_URL_VERCEL: vercel.url,
      AIRBYTE_CLIENT_ID,
      AIRBYTE_CLIENT_SECRET,
      AIRBYTE_WEBHOOK_TOKEN,
      PLATFORM_API_BASE_URL_AIRBYTE: airbyte.url,
    },
  });
  await fleet.until("memory and the four platforms to be running", async () => {
    const s = await fleet.status();
    const running = new Set(s.integrations.filter((i) => i.process === "running").map((i) => i.platform));
    return Object.keys(PORTS).every((platform) => running.has(platform)) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await Promise.all([asana?.close(), figma?.close(), vercel?.close(), airbyte?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Asana, Figma, Vercel and Airbyte, end to end", () => {
  it("serves exactly the configured five, each webhook behind the gateway", async () => {
    const { integrations } = await fleet.status();
    expect(integrations.map((i) => [i.platform, i.port, i.process]).sort()).toEqual(
      Object.entries(PORTS).map(([platform, port]) => [platform, port, "running"]).sort(),
    );
    for (const platform of ["asana", "figma", "vercel", "airbyte"]) {
      expect(integrations.find((i) => i.platform === platform)?.webhookUrl).toBe(`${fleet.gatewayUrl}/webhook/${platform}/events`);
    }
  });

  it("Asana: a webhook created over MCP, its handshake through the gateway, then a signed event becomes a memory", async () => {
    // an unsolicited handshake installs nothing
    const unsolicited = await fetch(`${fleet.gatewayUrl}/webhook/asana/events`, { method: "POST", headers: { "x-hook-secret": "attacker-chosen-secret" } });
    expect(unsolicited.status).toBe(403);
    expect(unsolicited.headers.get("x-hook-secret")).toBeNull();

    const created = await withMcp(PORTS.asana, (client) => client.callTool({ name: "asana_create_webhook", arguments: { resource: ws.launch } }));
    expect(created.isError).toBeFalsy();
    const webhook = (created.structuredContent as { webhook: { gid: string; active: boolean; target: string } }).webhook;
    expect(webhook).toMatchObject({ active: true, target: `${fleet.gatewayUrl}/webhook/asana/events` });
    // what Asana holds: the gateway URL with the registration token the handshake was accepted for
    const target = String(asana.get(webhook.gid).target);
    expect(target.startsWith(`${fleet.gatewayUrl}/webhook/asana/events?registration=`)).toBe(true);
    const hookSecret = asana.hookSecrets.get(webhook.gid);
    expect(hookSecret).toBeTruthy();

    asana.touch(ws.tasks.pricing, { completed: true, completed_at: new Date().toISOString() });
    const body = JSON.stringify({
      events: [
        {
          user: { gid: ws.grace, resource_type: "user" },
          created_at: new Date().toISOString(),
          parent: null,
          action: "changed",
          resource: { gid: ws.tasks.pricing, resource_type: "task" },
          change: { field: "completed", action: "changed" },
        },
      ],
    });
    // Asana posts to the target it was given (the registration id there names the stored secret)
    const deliver = (secret: string) =>
      fetch(target, { method: "POST", headers: { "content-type": "application/json", "x-hook-signature": createHmac("sha256", secret).update(body).digest("hex") }, body });
    expect((await deliver("wrong-secret")).status).toBe(401);
    expect((await deliver(hookSecret!)).status).toBe(200);

    const memory = await searchable("asana", "who completed the Pricing page task", "Asana task: Pricing page");
    expect(memory.content).toMatch(/^Grace Hopper completed the task\b/);
    expect(memory).toMatchObject({ source: "asana", url: `https://app.asana.com/1/0/task/${ws.tasks.pricing}` });
    expect(asana.unexpected).toEqual([]);
  });

  it("Figma: a comment event carrying the webhook's passcode becomes a memory", async () => {
    const body = (passcode: string) =>
      JSON.stringify({
        event_type: "FILE_COMMENT",
        passcode,
        timestamp: new Date().toISOString(),
        webhook_id: "31",
        file_key: "Fk4pLatfOrmsOnboard9AB",
        file_name: "Onboarding screens",
        comment_id: "515151",
        created_at: new Date().toISOString(),
        comment: [{ text: "The welcome carousel should skip straight to workspace setup" }],
        mentions: [],
        triggered_by: { id: "1002", handle: "Grace Hopper", img_url: "" },
      });
    expect((await post("/webhook/figma/events", body("not the passcode"))).status).toBe(401);
    expect((await post("/webhook/figma/events", body(FIGMA_PASSCODE))).status).toBe(200);

    const memory = await searchable("figma", "welcome carousel in the onboarding designs", "Onboarding screens: comment by Grace Hopper");
    expect(memory.content).toContain("The welcome carousel should skip straight to workspace setup");
    expect(memory).toMatchObject({ source: "figma", url: "https://www.figma.com/design/Fk4pLatfOrmsOnboard9AB" });
    expect(figma.unexpected).toEqual([]);
  });

  it("Vercel: an event signed with x-vercel-signature (HMAC-SHA1 computed here) becomes an enriched memory", async () => {
    const project = vercel.addProject("acme-checkout", Date.now() - 86_400_000, { type: "github", org: "acme", repo: "checkout", productionBranch: "main" });
    const deployment = vercel.addDeployment(project, { created: Date.now() - 30_000, readyState: "READY", target: "production", meta: gitMeta("main", "c0ffee1234", "Faster checkout") });
    const body = JSON.stringify({
      id: "evt_four_platforms_1",
      type: "deployment.succeeded",
      createdAt: Date.now(),
      payload: { deployment: { id: deployment.id, url: deployment.url, name: "acme-checkout" }, links: { deployment: "https://vercel.com/acme/acme-checkout/x" }, target: "production", project: { id: project.id } },
    });
    const sign = (secret: string) => createHmac("sha1", secret).update(body).digest("hex");
    expect((await post("/webhook/vercel/events", body, { "x-vercel-signature": sign("wrong-secret") })).status).toBe(401);
    expect((await post("/webhook/vercel/events", body, { "x-vercel-signature": sign(VERCEL_WEBHOOK_SECRET) })).status).toBe(200);

    const memory = await searchable("vercel", "acme-checkout production deployment succeeded", /^acme-checkout production deployment \w+ \(main @ c0ffee1\)$/);
    expect(memory.key).toBe(`vercel:event:deployment.succeeded:${deployment.id}`);
    expect(memory.content).toContain("The production deployment of acme-checkout succeeded.");
    expect(vercel.unexpected).toEqual([]);
  });

  it("Airbyte: a notification with the URL token becomes a memory built from the job the API confirms", async () => {
    const { connection } = seedAirbyte(airbyte);
    const job = airbyte.addJob(connection, { status: "succeeded", startTime: "2026-11-20T09:00:00Z", lastUpdatedAt: "2026-11-20T09:06:00Z", duration: "PT6M", rowsSynced: 4812 });
    // the body's names are a claim only: what is remembered comes from GET /v1/jobs/{id} and the connection
    const body = JSON.stringify({ text: "Sync succeeded", data: { jobId: job.jobId, success: true, connection: { id: connection.connectionId, name: "Claimed name" } } });
    expect((await post("/webhook/airbyte/events?token=wrong-token", body)).status).toBe(401);
    expect((await post(`/webhook/airbyte/events?token=${AIRBYTE_WEBHOOK_TOKEN}`, body)).status).toBe(200);

    const memory = await searchable("airbyte", "Postgres to Warehouse sync succeeded rows synced", "Airbyte sync succeeded: Postgres → Warehouse");
    expect(memory.key).toBe(`airbyte:job:${job.jobId}:succeeded`);
    expect(memory.content).toContain(`4812 rows synced. Job ${job.jobId}`);
    expect(memory.content).not.toContain("Claimed name");
    expect(airbyte.requests.filter((r) => r.method === "GET" && r.path === `/v1/jobs/${job.jobId}`)).toHaveLength(1);
    expect(airbyte.unexpected).toEqual([]);
  });

  it("prints none of the secrets it was given or that Asana chose", () => {
    const output = fleet.output();
    for (const secret of [ASANA_TOKEN, FIGMA_TOKEN, FIGMA_PASSCODE, VERCEL_TOKEN, VERCEL_WEBHOOK_SECRET, AIRBYTE_CLIENT_SECRET, AIRBYTE_WEBHOOK_TOKEN, ...asana.hookSecrets.values()]) {
      expect(output).not.toContain(secret);
    }
  });
});
