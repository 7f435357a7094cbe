/**
 * Every npm/npx command the README shows, run as written where it can run here (each under a short
 * timeout), and for the rest the test that runs it or why it cannot run here. A command added to the
 * README fails the first case until it is listed below.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import semver from "semver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { Inbox, inboxPath } from "../../services/runtime/webhooks/inbox.js";

const README = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** command as the README writes it → where it is run (this file, or another test), or why not here */
const COMMANDS: Record<string, string> = {
  "npm install": "here: npm install --dry-run --offline prints no engine warning on the stated Node",
  "npm install && npm start": "test/local/fleet.e2e.test.ts runs npm start end to end",
  "npm install && npm test": "the suite this test is part of",
  "npm start": "test/local/fleet.e2e.test.ts",
  "npm start -- ...": "here: npm start -- --help",
  "npm start -- --help": "here",
  "npm run inbox -- slack status": "here, on an inbox in the local data dir",
  "npm run inbox -- slack list": "here",
  "npm run inbox -- slack retry 42": "here (no such dead letter); test/runtime/webhooks/no-loss.test.ts re-drives real ones",
  "npm run inbox -- slack retry-all": "here",
  "npm test": "the suite this test is part of",
  "npm run server -- <platform>": "here, without MCP_AUTH_TOKEN",
  "npx tsx services/sync/cli.ts <platform> <object> [--from-start]": "test/local/fleet.e2e.test.ts against the running fleet; test/sync/cli.test.ts",
  "npm run bench": "here: its ESC preflight case, with one round (the whole run takes many minutes)",
  "npm run bench -- esc-preflight": "here, with one round",
  "npm run bench -- runtime": "too slow for the suite (builds the project and loads it for seconds); npm run bench",
  "npm run bench -- webhooks": "too slow for the suite; npm run bench",
  "npm run bench -- sync": "too slow for the suite (about 20 s per platform by design); npm run bench",
  "npm run bench -- memory": "too slow for the suite (100k memories); npm run bench",
  "npm run bench -- infra": "too slow for the suite; npm run bench",
  "npm run bench -- tool-search": "test/fleet-endpoint/search/recall.test.ts computes the recall it reports; npm run bench",
  "npm run bench -- memory-startup": "too slow for the suite (starts memory servers on large stores); npm run bench",
  "npm run bench -- fleet-endpoint": "too slow for the suite (a load run through the endpoint and directly); test/local/fleet-endpoint.e2e.test.ts calls through the same URL; npm run bench",
  "npm run bench -- images": "too slow for the suite (compiles the project, bundles every server, starts servers under load); npm run bench",
  "npm run bundle": "test/runtime/artifact.test.ts bundles every server (images/bundle.ts bundleAll, what the script runs)",
  "npm run bundle -- slack": "test/infra/image-inputs.test.ts bundles named servers (bundleAll)",
  "npm ci --omit=dev --ignore-scripts": "test/runtime/artifact.test.ts runs it (offline) in the Dockerfile's deps stage",
  "npm run docs": "rewrites README.md; test/docs/readme.test.ts checks its output matches",
  "npm run fleet:check": "test/local/fleet.e2e.test.ts and test/local/check.test.ts",
  "npm run fleet:check -- --url slack=http://127.0.0.1:9003/mcp,http://127.0.0.1:8080/webhook/slack/events":
    "needs a running fleet on the default ports; test/local/fleet.e2e.test.ts runs the same command on its own ports",
  "pulumi stack output --json > outputs.json && npm run fleet:check -- --outputs outputs.json --token \"$MCP_AUTH_TOKEN\"":
    "needs a deployed Pulumi stack; test/local/check.test.ts reads an outputs file",
  "npm run preflight": "test/esc/preflight.test.ts against a loopback ESC API",
  "npm run preflight -- --stack prod": "needs Pulumi Cloud; test/esc/preflight.test.ts against a loopback ESC API",
  "npm run preflight -- --environment acme/sophia/prod [--environment ...] [--json]": "needs Pulumi Cloud; test/esc/preflight.test.ts",
  "npx vitest run test/platforms/tool-registry.test.ts -u": "rewrites snapshots; test/platforms/tool-registry.test.ts runs without -u",
};

/** npm/npx commands in the README: inline code spans and lines of sh code blocks (comments dropped) */
function readmeCommands(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/`((?:npm|npx) [^`]+)`/g)) found.add(match[1]!.replace(/\s+/g, " ").trim());
  for (const block of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      const command = line.replace(/\s+#.*$/, "").trim();
      if (/(^|&& )(npm|npx) /.test(command)) found.add(command);
    }
  }
  return [...found];
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs a command in its own process group from the repository root with only the given environment
 * (plus PATH and HOME); `until` ends it (SIGTERM to the group) once the output matches.
 */
function run(command: string, args: readonly string[], env: Record<string, string>, options: { timeoutMs: number; cwd?: string; until?: RegExp }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    const stopGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => stopGroup("SIGKILL"), options.timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (options.until?.test(output)) {
        options.until = undefined;
        stopGroup("SIGTERM");
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "readme-commands-"));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("README commands", () => {
  it("lists every npm/npx command the README shows (run here, run elsewhere, or why not)", () => {
    const commands = readmeCommands(README);
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((c) => !(c in COMMANDS)), "README commands this test does not know").toEqual([]);
  });

  it("npm run server -- <platform>: without MCP_AUTH_TOKEN it serves agents on loopback only and says so", async () => {
    // MCP_PORT=0 keeps the test off the shipped fixed port; FLEET_DATA_DIR keeps its data out of the repository
    const env = { MCP_PORT: "0", FLEET_DATA_DIR: dataDir };
    let port: number | undefined;
    let initialize: number | undefined;
    const started = await new Promise<Run>((resolve, reject) => {
      const child = spawn("npm", ["run", "server", "--", "slack"], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let output = "";
      const stop = () => {
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          // gone
        }
      };
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const listening = /"port":(\d+),"host":"([^"]+)"[^\n]*"authMode":"none"[^\n]*"msg":"MCP server listening"/.exec(output);
        if (listening && port === undefined && /no MCP_AUTH_TOKEN: agents on this machine connect without a token/.test(output)) {
          port = Number(listening[1]);
          expect(listening[2]).toBe("127.0.0.1");
          // an MCP initialize without any token is answered
          fetch(`http://127.0.0.1:${port}/mcp`, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "readme", version: "1" } } }),
          })
            .then((response) => {
              initialize = response.status;
            })
            .finally(stop);
        }
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
    expect(port, started.output).toBeDefined();
    expect(initialize, started.output).toBe(200);
    // its data lives in the local data dir, as under npm start
    expect(existsSync(path.join(dataDir, "slack"))).toBe(true);

    // on any other address it refuses to start, once, naming the reason
    const open = await run("npm", ["run", "--silent", "server", "--", "slack"], { ...env, MCP_HOST: "0.0.0.0" }, { timeoutMs: 30_000 });
    expect(open.code).toBe(78);
    expect(open.output).toContain("MCP_AUTH_TOKEN is not set and the server would listen on 0.0.0.0");
  });

  it("npm run inbox -- slack status | list | retry 42 | retry-all work on the local data dir's inbox", async () => {
    const inboxDataDir = mkdtempSync(path.join(tmpdir(), "readme-inbox-"));
    try {
      // the inbox a local slack server keeps (npm start's layout), with nothing in it
      const inbox = new Inbox(inboxPath(path.join(inboxDataDir, "slack"), "slack"));
      await inbox.close();
      const inboxCommand = (...args: string[]) => run("npm", ["run", "--silent", "inbox", "--", "slack", ...args], { FLEET_DATA_DIR: inboxDataDir }, { timeoutMs: 30_000 });
      const status = await inboxCommand("status");
      expect(status.code, status.output).toBe(0);
      expect(status.output).toContain("slack inbox: 0 pending (0 retrying), 0 dead");
      const list = await inboxCommand("list");
      expect(list.code, list.output).toBe(0);
      const retry = await inboxCommand("retry", "42");
      expect(retry.code).not.toBe(0);
      expect(retry.output).toContain("event 42 is not a dead letter in the slack inbox");
      const retryAll = await inboxCommand("retry-all");
      expect(retryAll.code, retryAll.output).toBe(0);
      expect(retryAll.output).toContain("no dead letters in the slack inbox");
    } finally {
      rmSync(inboxDataDir, { recursive: true, force: true });
    }
  });

  it("npm start -- --help lists the flags and exits 0", async () => {
    const help = await run("npm", ["start", "--", "--help"], {}, { timeoutMs: 30_000 });
    expect(help.code, help.output).toBe(0);
    for (const flag of ["--gateway-port", "--host", "--data-dir", "--dotenv", "--esc-environment"]) expect(help.output).toContain(flag);
  });

  it("npm run bench -- esc-preflight runs green (one round)", async () => {
    const bench = await run("npm", ["run", "bench", "--", "esc-preflight"], { BENCH_ROUNDS: "1" }, { timeoutMs: 60_000 });
    expect(bench.code, bench.output).toBe(0);
    expect(bench.output).toMatch(/^\| 4 \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ \| 8 \|$/m);
  });
});

describe("the Node version the README states", () => {
  const engines = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;

  it("is the engines range of package.json", () => {
    const stated = /with only Node\.js (\d+)\.(\d+)\+ or (\d+)\+ and npm/.exec(README);
    expect(stated, "README's opening paragraph names the Node versions").not.toBeNull();
    const [, major, minor, next] = stated!;
    const readmeRange = `^${major}.${minor}.0 || >=${next}`;
    expect(semver.subset(readmeRange, engines) && semver.subset(engines, readmeRange), `README says ${readmeRange}, engines ${engines}`).toBe(true);
  });

  it("satisfies every installed package's engines, so npm install warns about none", () => {
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    expect(lock.packages[""]?.engines, "package-lock.json's root entry repeats package.json's engines").toEqual({ node: engines });
    const narrower = Object.entries(lock.packages).flatMap(([name, entry]) => {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return node && !semver.subset(engines, node) ? [`${name || "(root)"} wants node ${node}`] : [];
    });
    expect(narrower).toEqual([]);
  });

  it("npm install on it (this Node) prints no EBADENGINE", async () => {
    expect(semver.satisfies(process.version, engines), `the suite runs on ${process.version}`).toBe(true);
    const which = await run("sh", ["-c", "command -v npm"], {}, { timeoutMs: 10_000 });
    // npm's own script, run with this Node rather than the system one its launcher would pick
    const npmCli = realpathSync(which.output.trim());
    expect(npmCli).toMatch(/npm-cli\.js$/);
    const dir = mkdtempSync(path.join(tmpdir(), "readme-engines-"));
    try {
      for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
      const install = await run(process.execPath, [npmCli, "install", "--dry-run", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {}, { timeoutMs: 120_000, cwd: dir });
      expect(install.code, install.output).toBe(0);
      expect(install.output).not.toContain("EBADENGINE");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
