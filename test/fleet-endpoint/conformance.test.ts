/**
 * The fleet endpoint is a server like the others: the fleet's server contract (health, readiness,
 * metrics, a complete tool surface, agent auth, Host/Origin checks, body limits) and the official
 * MCP conformance scenarios, against an endpoint federating the test platform and the memory server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runServerContract } from "../contract/suite.js";
import { checksOf, runScenario } from "../support/conformance.js";
import { ENDPOINT_AGENT_TOKEN, startSmallFleet, type Endpoint, type SmallFleet } from "./support.js";

let contractFleet: SmallFleet | undefined;
runServerContract(
  "fleet endpoint",
  async () => {
    contractFleet = await startSmallFleet();
    const endpoint = await contractFleet.endpoint();
    const fleet = contractFleet;
    return {
      url: endpoint.server.url,
      token: ENDPOINT_AGENT_TOKEN,
      platformRequestCount: () => fleet.widgets.upstream.requests.length,
      close: () => fleet.stop(),
    };
  },
  { platform: "fleet_endpoint", toolPrefixes: ["widgets", "memory"], tools: ["widgets_get_widget", "memory_search", "memory_store"], ready: true },
);

describe("MCP conformance suite against the fleet endpoint", () => {
  let fleet: SmallFleet;
  let endpoint: Endpoint;
  let outputDir: string;
  beforeAll(async () => {
    fleet = await startSmallFleet();
    // the suite's client sends no credentials: the local setup (auth none, on loopback)
    endpoint = await fleet.endpoint({ authNone: true });
    outputDir = mkdtempSync(path.join(os.tmpdir(), "fleet-conformance-"));
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it.each(["server-initialize", "ping", "tools-list", "dns-rebinding-protection"])("%s", async (scenario) => {
    const { code, output } = await runScenario(`${endpoint.server.url}/mcp`, scenario, outputDir);
    expect(code, output).toBe(0);
    const checks = checksOf(outputDir, scenario);
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect(check.status, `${check.id}: ${check.errorMessage ?? ""}`).toBe("SUCCESS");
  });
});
