/**
 * `npm start`'s options that are checked before anything starts: a bad startup timeout is a usage
 * error (exit 2) naming the option and the value, with the usage text.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../services/fleet/load.js";

function runMain(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "services/local/main.ts"), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      // a regression would start the fleet instead of refusing: never let it run on
      timeout: 60_000,
    }, (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }));
  });
}

describe("npm start options", () => {
  it("refuses a startup timeout that is not a positive number of milliseconds, from the flag or the environment", async () => {
    const flag = await runMain(["--startup-timeout-ms", "soon"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--startup-timeout-ms (or FLEET_STARTUP_TIMEOUT_MS) must be a positive number of milliseconds, got "soon"');
    expect(flag.stderr).toContain("usage: npm start");
    const env = await runMain([], { FLEET_STARTUP_TIMEOUT_MS: "0" });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('got "0"');
  });

  it("refuses once, before starting anything, a non-loopback --host without an agent token", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "npm-start-host-"));
    try {
      const dotenv = path.join(dir, ".env");
      writeFileSync(dotenv, "SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=s\n");
      const dataDir = path.join(dir, "data");
      const args = ["--host", "0.0.0.0", "--gateway-port", "0", "--data-dir", dataDir, "--dotenv", dotenv];
      const refused = await runMain(args, { INTEGRATIONS_FILE: path.join(REPO_ROOT, "test/fleet/fixtures/seed-example.yaml") });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--host 0.0.0.0 is not a loopback address, and no MCP_AUTH_TOKEN is set");
      expect(refused.stderr).toContain("or use --host 127.0.0.1");
      // nothing was started: no server logs, no run file
      expect(readdirSync(dir)).toEqual([".env"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
