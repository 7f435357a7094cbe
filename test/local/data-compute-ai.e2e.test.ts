/**
 * Issue 12's data, compute and AI stack through `npm start`, once: memory + Snowflake, Lambda Labs,
 * Portkey and OpenRouter, each with the settings config/integrations.yaml ships (OpenRouter's port
 * moved, syncs left out so no scheduled run fires mid-test), every server's API pointed at its loopback fake
 * (PLATFORM_API_BASE_URL_<PLATFORM>; Snowflake's driver through SNOWFLAKE_ACCESS_URL).
 *
 * Over MCP on the servers' ports: each lists exactly its tools, without the write tools where the
 * shipped settings say `read_only: true` (Snowflake, Lambda Labs); Snowflake reads warehouses
 * through the driver and refuses a second statement before it reaches Snowflake; Lambda lists
 * instances with their cost and will not launch; Portkey reads cost analytics; OpenRouter reports
 * its key and answers a question, refusing a model above its price ceiling. A Broadcast trace sent
 * through the gateway with the header token becomes a memory agents find with memory_search; a
 * wrong or missing token and a malformed trace are refused. No credential appears in any answer or
 * in what the fleet prints, and no fake saw a request it did not expect. Portkey takes no webhooks
 * (services/platforms/portkey/webhook.ts), so it has none to test.
 *
 * Binds fixed loopback ports no other end-to-end test uses (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlatformName } from "../../services/fleet/catalog.js";
import { DEFAULT_FLEET_FILE, loadFleet } from "../../services/fleet/load.js";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";
import { selectTools } from "../../services/runtime/mcp/tool-selection.js";
import { JUPYTER_TOKEN, LambdaLabsFake } from "../fakes/lambda-labs.js";
import { OpenrouterFake } from "../fakes/openrouter.js";
import { PLANTED_SECRETS, PortkeyFake } from "../fakes/portkey.js";
import { ACCOUNT, type SnowflakeAdminFake, TOKEN as SNOWFLAKE_TOKEN, USER, sampleAccount, startSnowflakeAdminFake } from "../fakes/snowflake.js";
import { API_KEY as LAMBDA_KEY, TRAINER_ID, seed as seedLambda } from "../platforms/lambda_labs/harness.js";
import { API_KEY as OPENROUTER_KEY, seedCatalogue } from "../platforms/openrouter/harness.js";
import { API_KEY as PORTKEY_KEY, WORKSPACE, seed as seedPortkey } from "../platforms/portkey/harness.js";
import { startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { writeFleetFile } from "../support/fleet-file.js";

// Snowflake, Lambda Labs and Portkey on their shipped ports; memory and OpenRouter (whose 9017 the
// four-platforms e2e's memory binds) on ports no other end-to-end test binds
const PORTS = { memory: 9001, snowflake: 9012, lambda_labs: 9015, portkey: 9016, openrouter: 9002 } as const;
type Served = Exclude<keyof typeof PORTS, "memory">;
const SERVED: readonly Served[] = ["snowflake", "lambda_labs", "portkey", "openrouter"];
const BROADCAST_TOKEN = "e2e-broadcast-token-7d41b2c9e0";

/** the settings config/integrations.yaml ships for each of the four */
const shipped = new Map(loadFleet(DEFAULT_FLEET_FILE).integrations.map((integration) => [integration.platform as PlatformName, integration.settings]));

function shippedSettings(platform: Served): IntegrationSettings {
  const settings = shipped.get(platform);
  if (!settings) throw new Error(`config/integrations.yaml has no ${platform} entry`);
  return settings;
}

/** the shipped entry on this test's port, without its schedule (no cron run may fire mid-test) */
function fleetEntry(platform: Served): IntegrationSettings {
  const { batch_sync_interval: _schedule, sync_objects: _objects, ...settings } = shippedSettings(platform);
  return { ...settings, mcp_server_port: PORTS[platform] };
}

let dir: string;
let snowflake: SnowflakeAdminFake;
let lambda: LambdaLabsFake;
let portkey: PortkeyFake;
let openrouter: OpenrouterFake;
let fleet: NpmStartFleet;
/** every tool answer this file received, checked for credentials at the end */
const answers: unknown[] = [];

/** one MCP session per server for the whole file (a handshake per call is time this suite does not have) */
const clients = new Map<number, Client>();

async function clientFor(port: number): Promise<Client> {
  const open = clients.get(port);
  if (open) return open;
  const client = new Client({ name: "data-compute-ai-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  clients.set(port, client);
  return client;
}

async function toolNames(port: number): Promise<string[]> {
  return (await (await clientFor(port)).listTools()).tools.map((tool) => tool.name);
}

async function call(port: number, name: string, args: Record<string, unknown> = {}) {
  const result = await (await clientFor(port)).callTool({ name, arguments: args });
  answers.push(result);
  return result;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "data-compute-ai-e2e-"));
  const fleetFile = writeFleetFile(dir, { memoryPort: PORTS.memory, platforms: Object.fromEntries(SERVED.map((p) => [p, fleetEntry(p)])) });
  snowflake = await startSnowflakeAdminFake(sampleAccount(new Date()));
  lambda = await LambdaLabsFake.start({ apiKey: LAMBDA_KEY });
  seedLambda(lambda);
  portkey = await PortkeyFake.start({ apiKey: PORTKEY_KEY, workspace: WORKSPACE });
  seedPortkey(portkey);
  openrouter = await OpenrouterFake.start({ apiKey: OPENROUTER_KEY });
  seedCatalogue(openrouter);
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      // five servers start at once; on two busy cores the first answer can take longer than the default 30 s
      FLEET_STARTUP_TIMEOUT_MS: "150000",
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      SNOWFLAKE_ACCOUNT: ACCOUNT,
      SNOWFLAKE_USER: USER,
      SNOWFLAKE_PASSWORD: SNOWFLAKE_TOKEN,
      SNOWFLAKE_WAREHOUSE: "COMPUTE_WH",
      SNOWFLAKE_ACCESS_URL: snowflake.url,
      LAMBDA_LABS_API_KEY: LAMBDA_KEY,
      PLATFORM_API_BASE_URL_LAMBDA_LABS: lambda.url,
      PORTKEY_API_KEY: PORTKEY_KEY,
      PORTKEY_WORKSPACE_ID: WORKSPACE,
      PLATFORM_API_BASE_URL_PORTKEY: portkey.url,
      OPENROUTER_API_KEY: OPENROUTER_KEY,
      OPENROUTER_WEBHOOK_TOKEN: BROADCAST_TOKEN,
      PLATFORM_API_BASE_URL_OPENROUTER: openrouter.url,
    },
  });
  await fleet.until("memory and the four servers to be running", async () => {
    const running = (await fleet.status()).integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return ["memory", ...SERVED].every((p) => running.includes(p)) ? true : undefined;
  }, 170_000);
}, 200_000);

afterAll(async () => {
  await Promise.allSettled([...clients.values()].map((client) => client.close()));
  fleet?.kill();
  await Promise.all([snowflake?.close(), lambda?.close(), portkey?.close(), openrouter?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Snowflake, Lambda Labs, Portkey and OpenRouter, end to end", () => {
  it("runs the shipped settings: Snowflake and Lambda Labs read-only, OpenRouter's webhook on the gateway", () => {
    expect(shippedSettings("snowflake").read_only).toBe(true);
    expect(shippedSettings("lambda_labs").read_only).toBe(true);
    expect(fleet.output()).toMatch(new RegExp(`openrouter\\s+${PORTS.openrouter}\\s+http://127\\.0\\.0\\.1:${PORTS.openrouter}/mcp\\s+http://127\\.0\\.0\\.1:\\d+/webhook/openrouter/events`));
    for (const platform of SERVED) expect(fleet.output()).toMatch(new RegExp(`${platform}\\s+${PORTS[platform]}\\s+http://127\\.0\\.0\\.1:${PORTS[platform]}/mcp`));
  });

  it("lists each server's tools over MCP, without the write tools where the shipped settings are read-only", async () => {
    const listed = new Map<Served, string[]>();
    for (const platform of SERVED) {
      const definition = await loadPlatformDefinition(platform);
      const expected = selectTools(definition!.tools, shippedSettings(platform)).map((tool) => tool.name);
      listed.set(platform, await toolNames(PORTS[platform]));
      expect(listed.get(platform)!.toSorted(), platform).toEqual(expected.toSorted());
    }
    const snowflakeTools = listed.get("snowflake")!;
    expect(snowflakeTools).toContain("snowflake_run_query");
    expect(snowflakeTools).toContain("snowflake_list_warehouses");
    expect(snowflakeTools.filter((name) => /resume|suspend|resize|execute/.test(name))).toEqual([]);
    const lambdaTools = listed.get("lambda_labs")!;
    expect(lambdaTools).toContain("lambda_labs_list_instance_types");
    expect(lambdaTools.filter((name) => /launch|restart|terminate/.test(name))).toEqual([]);
  });

  it("Snowflake: reads warehouses through the driver and refuses a second statement before it reaches Snowflake", async () => {
    const listed = await call(PORTS.snowflake, "snowflake_list_warehouses");
    expect(listed.isError).toBeFalsy();
    const warehouses = (listed.structuredContent as { warehouses: { name: string; creditsPerHour?: number }[] }).warehouses;
    expect(warehouses.map((w) => [w.name, w.creditsPerHour])).toEqual([["COMPUTE_WH", 1], ["ETL_WH", 8]]);

    const before = snowflake.base.queries.length;
    const refused = await call(PORTS.snowflake, "snowflake_run_query", { sql: "SELECT 1; DROP DATABASE ANALYTICS" });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("only one statement is allowed");
    expect(snowflake.base.queries.length).toBe(before);
  });

  it("Lambda Labs: lists instances with their hourly cost, and a launch is refused without reaching Lambda", async () => {
    const instances = await call(PORTS.lambda_labs, "lambda_labs_list_instances");
    expect(instances.isError).toBeFalsy();
    expect(instances.structuredContent).toMatchObject({ instances: [{ id: TRAINER_ID, priceUsdPerHour: 23.92 }, expect.anything()] });

    // read-only: the launch tool is not served at all, so a call naming it is a protocol error
    await expect(call(PORTS.lambda_labs, "lambda_labs_launch_instance", { instanceTypeName: "gpu_1x_a10", regionName: "us-west-1", maxPriceUsdPerHour: 10 })).rejects.toThrow(
      "Tool lambda_labs_launch_instance not found",
    );
    expect(lambda.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("Portkey: reads cost and error analytics", async () => {
    const analytics = await call(PORTS.portkey, "portkey_get_analytics", { from: "2026-11-17T00:00:00Z", to: "2026-11-19T23:59:59Z", metrics: ["cost", "errors"] });
    expect(analytics.isError).toBeFalsy();
    expect(analytics.structuredContent).toMatchObject({ graphs: [{ metric: "cost", summary: { total: 19.8 } }, { metric: "errors", summary: { total: 3 } }] });
  });

  it("OpenRouter: reports the key's limit, answers through a cheap model and refuses one above the price ceiling", async () => {
    const key = await call(PORTS.openrouter, "openrouter_get_key_status");
    expect(key.isError).toBeFalsy();
    expect(key.structuredContent).toMatchObject({ key: { limitUsd: 20, remainingUsd: 14.5 } });
    const asked = await call(PORTS.openrouter, "openrouter_ask_model", { model: "openai/gpt-4o-mini", prompt: "Capital of France?", maxTokens: 20 });
    expect(asked.structuredContent).toMatchObject({ answer: "Paris.", model: "openai/gpt-4o-mini" });
    const refused = await call(PORTS.openrouter, "openrouter_ask_model", { model: "anthropic/claude-sonnet-4.5", prompt: "hi", maxTokens: 20 });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("above the ceiling");
    expect(openrouter.requests.filter((r) => r.path === "/api/v1/chat/completions")).toHaveLength(1);
  });

  it("OpenRouter Broadcast: a trace with the header token, sent through the gateway, becomes a memory agents can search", async () => {
    const traceId = "5e2b0c7a9d1f4e3b8a6c2d4f1e0b9a87";
    const spanId = "c3d2e1f0a9b8c7d6";
    const started = Date.now() - 60_000;
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "openrouter" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId,
                  name: "LLM Generation",
                  startTimeUnixNano: String(started * 1_000_000),
                  endTimeUnixNano: String((started + 1_250) * 1_000_000),
                  attributes: [
                    { key: "gen_ai.response.model", value: { stringValue: "meta-llama/llama-3.1-8b-instruct" } },
                    { key: "openrouter.provider_name", value: { stringValue: "DeepInfra" } },
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "4321" } },
                    { key: "gen_ai.usage.output_tokens", value: { intValue: "87" } },
                    { key: "gen_ai.usage.total_cost", value: { doubleValue: 0.0000891 } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const webhookUrl = `${fleet.gatewayUrl}/webhook/openrouter/events`;
    const post = (text: string, token: string | undefined) =>
      fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json", ...(token ? { "x-broadcast-token": token } : {}) }, body: text });

    expect((await post(body, undefined)).status).toBe(401);
    expect((await post(body, `${BROADCAST_TOKEN}x`)).status).toBe(401);
    expect((await post(body.replace(`"traceId":"${traceId}"`, '"traceId":42'), BROADCAST_TOKEN)).status).toBe(400);
    expect((await post(body, BROADCAST_TOKEN)).status).toBe(200);

    const search = async () => {
      const result = await call(PORTS.memory, "memory_search", { query: "llama generation tokens cost via DeepInfra", source: "openrouter" });
      if (result.isError) throw new Error(JSON.stringify(result.content));
      return (result.structuredContent as { hits: { source: string; type: string; title?: string; snippet: string }[] }).hits;
    };
    const found = await fleet.until("the generation to be searchable in memory", async () => (await search()).find((hit) => hit.snippet.includes("4,321 prompt tokens")));
    expect(found).toMatchObject({ source: "openrouter", type: "generation", title: "meta-llama/llama-3.1-8b-instruct generation ($0.0000891)" });
    expect(found.snippet).toContain("via DeepInfra");
    // only the accepted delivery was stored
    expect((await search()).filter((hit) => hit.snippet.includes("4,321 prompt tokens"))).toHaveLength(1);
  });

  it("shows no credential in any tool answer or in what the fleet printed, and no fake saw an unexpected request", () => {
    expect(answers.length).toBeGreaterThan(0);
    const seen = JSON.stringify(answers) + fleet.output();
    for (const secret of [SNOWFLAKE_TOKEN, LAMBDA_KEY, JUPYTER_TOKEN, PORTKEY_KEY, ...PLANTED_SECRETS, OPENROUTER_KEY, BROADCAST_TOKEN]) expect(seen).not.toContain(secret);
    expect(snowflake.unexpectedRequests()).toEqual([]);
    expect(lambda.unexpected).toEqual([]);
    expect(portkey.unexpected).toEqual([]);
    expect(openrouter.unexpected).toEqual([]);
  });
});
