/**
 * Snowflake through `npm start`: memory + Snowflake from a small fleet file with `read_only: true`,
 * the Snowflake server's driver pointed at the loopback admin fake (SNOWFLAKE_ACCESS_URL). An MCP
 * client lists the tools (no write tool in read-only mode), reads warehouses through the driver,
 * and has a two-statement query refused before it reaches Snowflake. Binds fixed loopback ports
 * (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, type SnowflakeAdminFake, TOKEN, USER, sampleAccount, startSnowflakeAdminFake } from "../../fakes/snowflake.js";
import { startNpmFleet, type NpmStartFleet } from "../../support/npm-start.js";

const MEMORY_PORT = 9011;
const SNOWFLAKE_PORT = 9012;

let dir: string;
let fake: SnowflakeAdminFake;
let fleet: NpmStartFleet;

async function withClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: "snowflake-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${SNOWFLAKE_PORT}/mcp`)));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "snowflake-e2e-"));
  const fleetFile = path.join(dir, "integrations.yaml");
  writeFileSync(
    fleetFile,
    `integrations:
  memory:
    enabled: true
    mcp_server_port: ${MEMORY_PORT}
  snowflake:
    enabled: true
    mcp_server_port: ${SNOWFLAKE_PORT}
    read_only: true
`,
  );
  fake = await startSnowflakeAdminFake(sampleAccount(new Date()));
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      SNOWFLAKE_ACCOUNT: ACCOUNT,
      SNOWFLAKE_USER: USER,
      SNOWFLAKE_PASSWORD: TOKEN,
      SNOWFLAKE_WAREHOUSE: "COMPUTE_WH",
      SNOWFLAKE_ACCESS_URL: fake.url,
    },
  });
  await fleet.until("memory and snowflake to be running", async () => {
    const s = await fleet.status();
    const running = s.integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return running.includes("memory") && running.includes("snowflake") ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Snowflake, end to end", () => {
  it("offers only the read tools in read-only mode", async () => {
    const names = await withClient(async (client) => (await client.listTools()).tools.map((tool) => tool.name));
    expect(names).toContain("snowflake_run_query");
    expect(names).toContain("snowflake_list_warehouses");
    expect(names.filter((name) => /resume|suspend|resize|execute/.test(name))).toEqual([]);
  });

  it("reads warehouses through the driver and refuses a second statement before it reaches Snowflake", async () => {
    const listed = await withClient((client) => client.callTool({ name: "snowflake_list_warehouses", arguments: {} }));
    expect(listed.isError).toBeFalsy();
    const warehouses = (listed.structuredContent as { warehouses: { name: string; creditsPerHour?: number }[] }).warehouses;
    expect(warehouses.map((w) => [w.name, w.creditsPerHour])).toEqual([["COMPUTE_WH", 1], ["ETL_WH", 8]]);

    const before = fake.base.queries.length;
    const refused = await withClient((client) => client.callTool({ name: "snowflake_run_query", arguments: { sql: "SELECT 1; DROP DATABASE ANALYTICS" } }));
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("only one statement is allowed");
    expect(fake.base.queries.length).toBe(before);
    expect(fake.unexpectedRequests()).toEqual([]);
    expect(fleet.output()).not.toContain(TOKEN);
  });
});
