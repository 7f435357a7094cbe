/**
 * Lambda Labs and Portkey through `npm start`: memory, Lambda Labs (read-only, as shipped) and
 * Portkey from a small fleet file, each server's API pointed at its loopback fake. An agent lists
 * Lambda instances with their cost and reads Portkey's cost analytics over MCP on the servers'
 * ports; the launch tool is not offered, and no credential appears in tool output or in what the
 * fleet prints. Binds fixed loopback ports (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUPYTER_TOKEN, LambdaLabsFake } from "../../fakes/lambda-labs.js";
import { PLANTED_SECRETS, PortkeyFake } from "../../fakes/portkey.js";
import { startNpmFleet, type NpmStartFleet } from "../../support/npm-start.js";
import { API_KEY as PORTKEY_KEY, WORKSPACE, seed as seedPortkey } from "../portkey/harness.js";
import { API_KEY as LAMBDA_KEY, TRAINER_ID, seed as seedLambda } from "./harness.js";

const MEMORY_PORT = 9011;
const LAMBDA_PORT = 9015;
const PORTKEY_PORT = 9016;

let dir: string;
let lambda: LambdaLabsFake;
let portkey: PortkeyFake;
let fleet: NpmStartFleet;

async function withClient<T>(port: number, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: "lambda-portkey-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "lambda-portkey-e2e-"));
  const fleetFile = path.join(dir, "integrations.yaml");
  writeFileSync(
    fleetFile,
    `integrations:
  memory:
    enabled: true
    mcp_server_port: ${MEMORY_PORT}
  lambda_labs:
    enabled: true
    mcp_server_port: ${LAMBDA_PORT}
    read_only: true
    rate_limits:
      api_calls_per_minute: 50
  portkey:
    enabled: true
    mcp_server_port: ${PORTKEY_PORT}
    rate_limits:
      api_calls_per_minute: 60
`,
  );
  lambda = await LambdaLabsFake.start({ apiKey: LAMBDA_KEY });
  seedLambda(lambda);
  portkey = await PortkeyFake.start({ apiKey: PORTKEY_KEY, workspace: WORKSPACE });
  seedPortkey(portkey);
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      LAMBDA_LABS_API_KEY: LAMBDA_KEY,
      PORTKEY_API_KEY: PORTKEY_KEY,
      PORTKEY_WORKSPACE_ID: WORKSPACE,
      PLATFORM_API_BASE_URL_LAMBDA_LABS: lambda.url,
      PLATFORM_API_BASE_URL_PORTKEY: portkey.url,
    },
  });
  await fleet.until("memory, lambda_labs and portkey to be running", async () => {
    const running = (await fleet.status()).integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return ["memory", "lambda_labs", "portkey"].every((p) => running.includes(p)) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await lambda?.close();
  await portkey?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Lambda Labs and Portkey, end to end", () => {
  it("serves Lambda instances with cost, read-only, and Portkey analytics, without a credential in sight", async () => {
    const { names, instances } = await withClient(LAMBDA_PORT, async (client) => ({
      names: (await client.listTools()).tools.map((tool) => tool.name),
      instances: await client.callTool({ name: "lambda_labs_list_instances", arguments: {} }),
    }));
    expect(names).not.toContain("lambda_labs_launch_instance");
    expect(names).toContain("lambda_labs_list_instance_types");
    expect(instances.isError).toBeFalsy();
    expect(instances.structuredContent).toMatchObject({ instances: [{ id: TRAINER_ID, priceUsdPerHour: 23.92 }, expect.anything()] });

    const analytics = await withClient(PORTKEY_PORT, (client) =>
      client.callTool({ name: "portkey_get_analytics", arguments: { from: "2026-11-17T00:00:00Z", to: "2026-11-19T23:59:59Z", metrics: ["cost", "errors"] } }),
    );
    expect(analytics.isError).toBeFalsy();
    expect(analytics.structuredContent).toMatchObject({ graphs: [{ metric: "cost", summary: { total: 19.8 } }, { metric: "errors", summary: { total: 3 } }] });

    const seen = JSON.stringify([instances, analytics]) + fleet.output();
    for (const secret of [LAMBDA_KEY, PORTKEY_KEY, JUPYTER_TOKEN, ...PLANTED_SECRETS]) expect(seen).not.toContain(secret);
    expect(lambda.unexpected).toEqual([]);
    expect(portkey.unexpected).toEqual([]);
  });
});
