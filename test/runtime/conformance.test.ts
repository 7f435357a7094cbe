/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance) against a server built on
 * the runtime: the test platform, unauthenticated on loopback (the local-fleet setup; the suite's
 * client sends no credentials, and its DNS rebinding scenario is defined for exactly this kind of
 * server). Each scenario runs in its own child process; its checks.json must report only SUCCESS.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support.js";

const require = createRequire(import.meta.url);
const CONFORMANCE_CLI = path.join(path.dirname(require.resolve("@modelcontextprotocol/conformance/package.json")), "dist", "index.js");

interface Check {
  readonly id: string;
  readonly status: string;
  readonly errorMessage?: string;
}

function runScenario(url: string, scenario: string, outputDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONFORMANCE_CLI, "server", "--url", url, "--scenario", scenario, "-o", outputDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

function checksOf(outputDir: string, scenario: string): Check[] {
  const run = readdirSync(outputDir).find((entry) => entry.startsWith(`server-${scenario}-`));
  if (run === undefined) throw new Error(`no results for ${scenario} in ${outputDir}`);
  return JSON.parse(readFileSync(path.join(outputDir, run, "checks.json"), "utf8")) as Check[];
}

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
