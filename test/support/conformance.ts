/**
 * Runs one scenario of the official MCP conformance suite (@modelcontextprotocol/conformance)
 * against a URL, in its own child process, and reads its checks.json.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const CONFORMANCE_CLI = path.join(path.dirname(require.resolve("@modelcontextprotocol/conformance/package.json")), "dist", "index.js");

export interface Check {
  readonly id: string;
  readonly status: string;
  readonly errorMessage?: string;
}

export function runScenario(url: string, scenario: string, outputDir: string): Promise<{ code: number | null; output: string }> {
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

export function checksOf(outputDir: string, scenario: string): Check[] {
  const run = readdirSync(outputDir).find((entry) => entry.startsWith(`server-${scenario}-`));
  if (run === undefined) throw new Error(`no results for ${scenario} in ${outputDir}`);
  return JSON.parse(readFileSync(path.join(outputDir, run, "checks.json"), "utf8")) as Check[];
}

