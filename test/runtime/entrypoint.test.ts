/**
 * services/runtime/main.ts as the image runs it: a child process per case, on an ephemeral port.
 * It runs whichever platform definition exists first in services/platforms (the registry finds it
 * by convention), so it tests the entrypoint, not a particular platform.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, PLATFORM_NAMES, requiredVariables, type PlatformName } from "../../services/fleet/catalog.js";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";

const MAIN = path.join(REPO_ROOT, "services", "runtime", "main.ts");

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(
  args: readonly string[],
  env: Record<string, string>,
  onListening?: (port: number, stop: () => void) => void,
  options: { readonly ipc?: boolean } = {},
): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env },
      stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const listening = /"port":(\d+),[^\n]*"msg":"MCP server listening"/.exec(stdout);
      if (listening && onListening) {
        const callback = onListening;
        onListening = undefined;
        // with an IPC channel (the local fleet's supervisor), "stop" is the supervisor going away
        callback(Number(listening[1]), () => (options.ipc ? child.disconnect() : child.kill("SIGTERM")));
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the server entrypoint", () => {
  let platform: PlatformName;
  let dataDir: string;
  const baseEnv = () => ({
    MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9000 }),
    MCP_PORT: "0",
    MCP_AUTH_MODE: "token",
    MCP_AUTH_TOKEN: "entrypoint-token-0123456789",
    INBOX_DIR: path.join(dataDir, "inbox"),
    PLATFORM_API_BASE_URL: "http://127.0.0.1:9",
  });

  beforeAll(async () => {
    const found: PlatformName[] = [];
    for (const name of PLATFORM_NAMES) if (await loadPlatformDefinition(name)) found.push(name);
    if (found.length === 0) throw new Error("no platform definition exists yet in services/platforms");
    platform = found[0]!;
    dataDir = mkdtempSync(path.join(os.tmpdir(), "entrypoint-"));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves /healthz and exits 0 after draining on SIGTERM", async () => {
    const placeholders = Object.fromEntries(requiredVariables(platform, false).map((name) => [name, `placeholder-${name}`]));
    let health: number | undefined;
    const exited = await runMain([platform], { ...baseEnv(), ...placeholders }, (port, stop) => {
      fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => {
          health = response.status;
        })
        .finally(stop);
    });
    expect(health).toBe(200);
    expect(exited.code, exited.stderr).toBe(0);
    expect(exited.stdout).toContain('"msg":"stopped"');
  });

  it("with --require-credentials and a missing credential: one line naming it, exit 78 (EX_CONFIG)", async () => {
    const missing = requiredVariables(platform, false);
    if (missing.length === 0) return; // a platform without required credentials cannot miss any
    const exited = await runMain([platform, "--require-credentials"], baseEnv());
    expect(exited.code).toBe(78);
    expect(exited.stderr).toBe(`${CATALOG[platform].title} server not configured: missing ${missing.join(", ")}\n`);
  });

  it("reads the settings from the fleet file when MCP_INTEGRATION is absent", async () => {
    const file = path.join(dataDir, "integrations.yaml");
    writeFileSync(file, `integrations:\n  ${platform}:\n    enabled: true\n    mcp_server_port: 9000\n`);
    const { MCP_INTEGRATION: _unused, ...env } = baseEnv();
    const placeholders = Object.fromEntries(requiredVariables(platform, false).map((name) => [name, `placeholder-${name}`]));
    let ready: number | undefined;
    const exited = await runMain([platform], { ...env, ...placeholders, INTEGRATIONS_FILE: file }, (port, stop) => {
      fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => {
          ready = response.status;
        })
        .finally(stop);
    });
    expect(ready).toBe(200);
    expect(exited.code, exited.stderr).toBe(0);
  });

  it.each([
    [["no_such_platform"], /^unknown platform "no_such_platform"; usage: npm run server -- <platform>/],
    [[], /^no platform given; usage:/],
  ])("refuses %j with a one-line usage error", async (args, message) => {
    const exited = await runMain(args, baseEnv());
    expect(exited.code).toBe(78);
    expect(exited.stderr).toMatch(message);
    expect(exited.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names a port in use, and its holder, in one line; exit 78", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const placeholders = Object.fromEntries(requiredVariables(platform, false).map((name) => [name, `placeholder-${name}`]));
      const exited = await runMain([platform], { ...baseEnv(), ...placeholders, MCP_PORT: String(port), MCP_HOST: "127.0.0.1" });
      expect(exited.code).toBe(78);
      expect(exited.stderr).toMatch(new RegExp(`^port ${port} on 127\\.0\\.0\\.1 is already in use \\(by pid ${process.pid}: [^)]*\\): stop that process or give this integration another mcp_server_port\\n$`));
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it("stops by itself when the supervisor that started it is gone (its IPC channel closes)", async () => {
    const placeholders = Object.fromEntries(requiredVariables(platform, false).map((name) => [name, `placeholder-${name}`]));
    let listened = false;
    const exited = await runMain([platform], { ...baseEnv(), ...placeholders }, (_port, stop) => {
      listened = true;
      stop();
    }, { ipc: true });
    expect(listened).toBe(true);
    expect(exited.code, exited.stderr).toBe(0);
    expect(exited.stdout).toContain("the local fleet's supervisor is gone");
    expect(exited.stdout).toContain('"msg":"stopped"');
  });

  it("refuses an unsafe auth setup before listening", async () => {
    const exited = await runMain([platform], { ...baseEnv(), MCP_AUTH_MODE: "none", MCP_HOST: "0.0.0.0" });
    expect(exited.code).toBe(78);
    expect(exited.stderr).toMatch(/^MCP_AUTH_MODE=none is only allowed on a loopback address/);
  });
});
