/**
 * End to end through the real server: an agent lists instances over MCP and the server calls the
 * Lambda fake; in read-only mode (as shipped) the launch tool is not offered and a call to it is
 * refused without reaching Lambda; with read_only off, a launch over the ceiling is refused too.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/lambda_labs/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { JUPYTER_TOKEN, LambdaLabsFake } from "../../fakes/lambda-labs.js";
import { API_KEY, TRAINER_ID, seed } from "./harness.js";

const LAUNCH = { instanceTypeName: "gpu_8x_h100_sxm5", regionName: "us-east-1", maxPriceUsdPerHour: 10, sshKeyName: "ops-laptop" };

let fake: LambdaLabsFake;
let readOnly: ContractServer;
let writable: ContractServer;
beforeAll(async () => {
  fake = await LambdaLabsFake.start({ apiKey: API_KEY });
  seed(fake);
  const env = { PLATFORM_API_BASE_URL: fake.url, LAMBDA_LABS_API_KEY: API_KEY };
  readOnly = await startContractServer(definition, { env, settings: { read_only: true } });
  writable = await startContractServer(definition, { env, settings: { read_only: false } });
});
afterAll(async () => {
  await readOnly?.close();
  await writable?.close();
  await fake?.close();
});

async function withClient<T>(server: ContractServer, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: "lambda-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe("Lambda Labs server end to end", () => {
  it("answers lambda_labs_list_instances over MCP with costs and no secret", async () => {
    const result = await withClient(readOnly, (client) => client.callTool({ name: "lambda_labs_list_instances", arguments: {} }));
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ instances: [{ id: TRAINER_ID, priceUsdPerHour: 23.92, runningCostUsd: expect.any(Number) }, expect.anything()] });
    const text = JSON.stringify(result);
    expect(text).not.toContain(JUPYTER_TOKEN);
    expect(text).not.toContain(API_KEY);
    expect(fake.unexpected).toEqual([]);
  });

  it("in read-only mode offers no launch, restart or terminate and refuses a launch call", async () => {
    const before = fake.requests.length;
    const { names, launch } = await withClient(readOnly, async (client) => ({
      names: (await client.listTools()).tools.map((tool) => tool.name),
      launch: await client.callTool({ name: "lambda_labs_launch_instance", arguments: LAUNCH }).then(
        () => "called",
        (error: unknown) => String(error),
      ),
    }));
    expect(names).toHaveLength(6);
    expect(names.filter((name) => /launch|restart|terminate/.test(name))).toEqual([]);
    expect(launch).toContain("Tool lambda_labs_launch_instance not found");
    expect(fake.requests.length).toBe(before);
  });

  it("with writes on, refuses a launch above the price ceiling before anything is launched", async () => {
    const launch = await withClient(writable, (client) => client.callTool({ name: "lambda_labs_launch_instance", arguments: LAUNCH }));
    expect(launch.isError).toBe(true);
    expect(JSON.stringify(launch.content)).toContain("above the ceiling of $10.00/h");
    expect(fake.requestsTo("/api/v1/instance-operations/launch")).toEqual([]);
    expect(fake.unexpected).toEqual([]);
  });
});
