/**
 * `npm start`'s options that are checked before anything starts: a bad startup timeout is a usage
 * error (exit 2) naming the option and the value, with the usage text.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../services/fleet/load.js";

function runMain(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "services/local/main.ts"), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
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
});
