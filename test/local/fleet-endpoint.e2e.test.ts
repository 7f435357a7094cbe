/**
 * Issue 15 end to end through `npm start`: the fleet endpoint is the one URL an agent is given.
 * One fleet file with Vercel, Lambda Labs and memory (the endpoint is implied); each server's API is
 * its loopback fake. One MCP client at the gateway's /mcp lists the tools of every platform, calls
 * a Lambda Labs tool that reaches its fake, stores a memory and finds it again with memory_search.
 * Binds fixed loopback ports no other end-to-end test binds (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LambdaLabsFake } from "../fakes/lambda-labs.js";
import { VercelFake } from "../fakes/vercel.js";
import { API_KEY as LAMBDA_KEY, seed as seedLambda } from "../platforms/lambda_labs/harness.js";
import { TEAM_ID as VERCEL_TEAM_ID, TOKEN as VERCEL_TOKEN } from "../platforms/vercel/harness.js";
import { startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { writeFleetFile } from "../support/fleet-file.js";

const PORTS = { fleet_endpoint: 9000, vercel: 9003, lambda_labs: 9004, memory: 9011 } as const;

let dir: string;
let lambda: LambdaLabsFake;
let vercel: VercelFake;
let fleet: NpmStartFleet;
let client: Client;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "fleet-endpoint-e2e-"));
  // no fleet entry: the endpoint is part of every fleet, on 9000
  const fleetFile = writeFleetFile(dir, {
    fleetEndpoint: "default",
    memoryPort: PORTS.memory,
    platforms: { vercel: { mcp_server_port: PORTS.vercel }, lambda_labs: { mcp_server_port: PORTS.lambda_labs } },
  });
  lambda = await LambdaLabsFake.start({ apiKey: LAMBDA_KEY });
  seedLambda(lambda);
  vercel = await VercelFake.start({ token: VERCEL_TOKEN, teamId: VERCEL_TEAM_ID });
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      FLEET_STARTUP_TIMEOUT_MS: "150000",
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      LAMBDA_LABS_API_KEY: LAMBDA_KEY,
      PLATFORM_API_BASE_URL_LAMBDA_LABS: lambda.url,
      VERCEL_TOKEN,
      VERCEL_TEAM_ID,
      PLATFORM_API_BASE_URL_VERCEL: vercel.url,
    },
  });
  await fleet.until("every server running", async () => {
    const status = await fleet.status();
    return status.integrations.every((i) => i.process === "running") && status.integrations.length === 4 ? true : undefined;
  }, 170_000);
}, 200_000);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  if (fleet) {
    await fleet.interrupt();
    fleet.kill();
  }
  await lambda?.close();
  await vercel?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("the fleet endpoint through npm start", () => {
  it("prints the gateway's /mcp first, as the one URL to give an agent", () => {
    const output = fleet.output();
    const url = `${fleet.gatewayUrl}/mcp`;
    expect(output).toContain(`MCP for agents: ${url}`);
    expect(output.indexOf(`MCP for agents: ${url}`)).toBeLessThan(output.indexOf("Fleet from "));
    expect(output).toMatch(new RegExp(`fleet_endpoint\\s+${PORTS.fleet_endpoint}\\s+http://127\\.0\\.0\\.1:${PORTS.fleet_endpoint}/mcp`));
  });

  it("one MCP client at that URL lists the tools of every platform, calls one against its fake, stores a memory and finds it", async () => {
    client = new Client({ name: "fleet-endpoint-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${fleet.gatewayUrl}/mcp`)));

    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const platform of ["vercel", "lambda_labs", "memory"]) expect(names.some((n) => n.startsWith(`${platform}_`)), platform).toBe(true);
    expect(names).toContain("memory_store");

    const before = lambda.requests.length;
    const instances = await client.callTool({ name: "lambda_labs_list_instances", arguments: { includeCost: false } });
    expect(instances.isError, JSON.stringify(instances.content)).toBeFalsy();
    expect(lambda.requests.slice(before).some((r) => r.path.endsWith("/instances"))).toBe(true);
    const listed = instances.structuredContent as { instances: { id: string }[] };
    expect(listed.instances.length).toBeGreaterThan(0);

    const stored = await client.callTool({
      name: "memory_store",
      arguments: { content: "The H100 training box for Project Orion must be terminated by Friday to stay in budget.", title: "Orion GPU budget", idempotency_key: "orion-budget" },
    });
    expect(stored.isError, JSON.stringify(stored.content)).toBeFalsy();
    const { id } = stored.structuredContent as { id: string };
    const found = await client.callTool({ name: "memory_search", arguments: { query: "when must the Orion GPU instance be shut down", source: "agent" } });
    const hits = (found.structuredContent as { hits: { id: string; title?: string }[] }).hits;
    expect(hits[0]).toMatchObject({ id, title: "Orion GPU budget" });
    expect(lambda.unexpected).toEqual([]);
    expect(vercel.unexpected).toEqual([]);
  });
});
