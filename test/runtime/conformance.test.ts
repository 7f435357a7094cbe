/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance) against a server built on
 * the runtime: the test platform, unauthenticated on loopback (the local-fleet setup; the suite's
 * client sends no credentials, and its DNS rebinding scenario is defined for exactly this kind of
 * server). Each scenario runs in its own child process; its checks.json must report only SUCCESS.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksOf, runScenario } from "../support/conformance.js";
import { startTestServer, type TestServer } from "./support.js";

describe("MCP conformance suite", () => {
  let t: TestServer;
  let outputDir: string;
  beforeAll(async () => {
    t = await startTestServer({ env: { MCP_AUTH_MODE: "none", MCP_AUTH_TOKEN: undefined }, settings: { webhook_path: undefined } });
    outputDir = mkdtempSync(path.join(os.tmpdir(), "conformance-"));
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it.each(["server-initialize", "ping", "tools-list", "dns-rebinding-protection"])("%s", async (scenario) => {
    const { code, output } = await runScenario(`${t.server.url}/mcp`, scenario, outputDir);
    expect(code, output).toBe(0);
    const checks = checksOf(outputDir, scenario);
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect(check.status, `${check.id}: ${check.errorMessage ?? ""}`).toBe("SUCCESS");
  });
});
