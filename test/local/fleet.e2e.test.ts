/**
 * End to end through `npm start`: the real command, as a newcomer runs it, with a small fleet file
 * (memory + Slack) and a loopback Slack API. A signed Slack event sent through the local gateway
 * becomes searchable through the memory server's MCP tools; a killed server is brought back by the
 * supervisor; Ctrl-C (SIGINT to the process group) stops everything and leaves nothing running.
 */
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { SlackFake } from "../fakes/slack.js";
import { pollUntil, startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { alive } from "../support/process.js";
import { writeFleetFile } from "../support/fleet-file.js";

const MEMORY_PORT = 9007;
const SLACK_PORT = 9008;
const SIGNING_SECRET = "e2e-signing-secret-0123456789";
const BOT_TOKEN = "xoxb-e2e-bot-token";

let dir: string;
let slack: SlackFake;
let fleet: NpmStartFleet;

async function searchMemory(query: string): Promise<{ hits: { title?: string; snippet: string; source: string }[] }> {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${MEMORY_PORT}/mcp`)));
  try {
    const result = await client.callTool({ name: "memory_search", arguments: { query, source: "slack" } });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return result.structuredContent as { hits: { title?: string; snippet: string; source: string }[] };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "fleet-e2e-"));
  const fleetFile = writeFleetFile(dir, {
    memoryPort: MEMORY_PORT,
    platforms: { slack: { mcp_server_port: SLACK_PORT, webhook_path: "/webhook/slack", event_subscriptions: ["message.channels"] } },
  });
  slack = await SlackFake.start({
    botToken: BOT_TOKEN,
    channels: [{ id: "C0RENEW", name: "renewals", isMember: true }],
    users: [{ id: "U0ALICE", name: "alice", realName: "Alice Moreau", email: "alice@example.com" }],
    // for the sync CLI (within the channel history sync's first-run lookback)
    messages: { C0RENEW: [{ ts: `${Math.floor(Date.now() / 1000) - 3600}.000200`, user: "U0ALICE", text: "Procurement signed off on the three-year zebra discount" }] },
  });
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PLATFORM_API_BASE_URL_SLACK: slack.apiUrl,
    },
  });
  await fleet.until("memory and slack to be running", async () => {
    const s = await fleet.status();
    const running = s.integrations.filter((i) => i.process === "running").map((i) => i.platform);
    return running.includes("memory") && running.includes("slack") ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await slack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start, end to end", () => {
  it("prints the fleet table with each integration's URLs and status", () => {
    expect(fleet.output()).toMatch(/memory\s+9007\s+http:\/\/127\.0\.0\.1:9007\/mcp/);
    expect(fleet.output()).toMatch(/slack\s+9008\s+http:\/\/127\.0\.0\.1:9008\/mcp\s+http:\/\/127\.0\.0\.1:\d+\/webhook\/slack\/events/);
    expect(fleet.output()).toMatch(/2 from env/); // SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, named by source only
    expect(fleet.output()).not.toContain(BOT_TOKEN);
    expect(fleet.output()).not.toContain(SIGNING_SECRET);
  });

  it("turns a signed Slack event sent through the gateway into a memory agents can search", async () => {
    const body = JSON.stringify({
      type: "event_callback",
      team_id: "T0TEAM",
      api_app_id: "A0APP",
      event_id: "Ev0E2E0001",
      event_time: 1_764_000_000,
      event: {
        type: "message",
        channel: "C0RENEW",
        channel_type: "channel",
        user: "U0ALICE",
        text: "Acme wants to renew early if we include the analytics add-on",
        ts: "1764000000.000100",
      },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const delivered = await fetch(`${fleet.gatewayUrl}/webhook/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature },
      body,
    });
    expect(delivered.status).toBe(200);

    const unsigned = await fetch(`${fleet.gatewayUrl}/webhook/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);

    const found = await fleet.until("the event to be searchable in memory", async () => {
      const { hits } = await searchMemory("customer renewal with analytics add-on");
      return hits.find((hit) => hit.snippet.includes("analytics add-on"));
    });
    expect(found.source).toBe("slack");
  });

  it("lets the sync CLI, run as the README writes it, find this fleet's memory server by itself (a 0600 file in the data dir)", async () => {
    const runFile = path.join(dir, "data", "fleet-run.json");
    expect(statSync(runFile).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(runFile, "utf8")) as { pid: number; memory: { url: string; ingestToken: string } };
    expect(info.memory.url).toBe(`http://127.0.0.1:${MEMORY_PORT}`);
    expect(fleet.output()).not.toContain(info.memory.ingestToken);

    const { execFile } = await import("node:child_process");
    const synced = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        "npx",
        ["tsx", "services/sync/cli.ts", "slack", "channel_history"],
        {
          cwd: REPO_ROOT,
          timeout: 60_000,
          // no MEMORY_URL, no MEMORY_INGEST_TOKEN: only what a second terminal has
          env: {
            PATH: process.env.PATH ?? "",
            HOME: process.env.HOME ?? dir,
            INTEGRATIONS_FILE: path.join(dir, "integrations.yaml"),
            FLEET_DATA_DIR: path.join(dir, "data"),
            SLACK_BOT_TOKEN: BOT_TOKEN,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            PLATFORM_API_BASE_URL: slack.apiUrl,
          },
        },
        (error, _stdout, stderr) => resolve({ code: typeof error?.code === "number" ? error.code : error ? 1 : 0, stderr }),
      );
    });
    expect(synced.stderr).toMatch(/slack\/channel_history: success from the beginning: 1 records stored/);
    expect(synced.code, synced.stderr).toBe(0);
    // the checkpoint is the local slack server's, under the data dir
    expect(existsSync(path.join(dir, "data", "slack", "sync-checkpoints.sqlite"))).toBe(true);
    const found = await fleet.until("the synced message to be searchable in memory", async () => {
      const { hits } = await searchMemory("zebra discount procurement");
      return hits.find((hit) => hit.snippet.includes("zebra discount"));
    });
    expect(found.source).toBe("slack");
  });

  it("restarts a server whose process was killed", async () => {
    const before = (await fleet.status()).integrations.find((i) => i.platform === "slack")!;
    expect(before.pid).toBeDefined();
    process.kill(before.pid!, "SIGKILL");
    const after = await fleet.until("the supervisor to restart slack", async () => {
      const slackStatus = (await fleet.status()).integrations.find((i) => i.platform === "slack")!;
      return slackStatus.restarts === 1 && slackStatus.process === "running" ? slackStatus : undefined;
    });
    expect(after.pid).not.toBe(before.pid);
    expect((await fetch(`http://127.0.0.1:${SLACK_PORT}/healthz`)).status).toBe(200);
  });

  it("passes the post-deployment fleet check (MCP handshake, tools/list, webhook route)", async () => {
    const { execFile } = await import("node:child_process");
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile("npm", ["run", "--silent", "fleet:check", "--", ...args], { cwd: REPO_ROOT }, (error, stdout, stderr) =>
          resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
        );
      });
    const ok = await run([
      "--url", `memory=http://127.0.0.1:${MEMORY_PORT}/mcp`,
      "--url", `slack=http://127.0.0.1:${SLACK_PORT}/mcp,${fleet.gatewayUrl}/webhook/slack/events`,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/memory\s+ok\s+ok: 5 tools/);
    expect(ok.stdout).toMatch(/slack\s+ok\s+ok: \d+ tools .*ok: route reaches the server; unsigned request refused \(401\)/);
    // a route that does not exist fails the check, naming the integration
    const bad = await run(["--url", `slack=http://127.0.0.1:${SLACK_PORT}/mcp,${fleet.gatewayUrl}/webhook/nowhere/events`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("fleet check failed for: slack");
  });

  it("stops everything on Ctrl-C and leaves nothing running", async () => {
    const pids = (await fleet.status()).integrations.map((i) => i.pid).filter((pid): pid is number => pid !== undefined);
    expect(pids).toHaveLength(2);
    // npm, like a shell, reports a Ctrl-C'd script by the signal; the fleet itself exits 0
    const { code, signal } = await fleet.interrupt();
    expect(code === 0 || signal === "SIGINT", `exit code ${code}, signal ${signal}`).toBe(true);
    expect(fleet.output()).toContain("Fleet stopped.");
    await pollUntil("every server process to be gone", async () => (pids.every((pid) => !alive(pid)) ? true : undefined), 15_000);
    await expect(fetch(`${fleet.gatewayUrl}/status`)).rejects.toThrow();
    expect(existsSync(path.join(dir, "data", "fleet-run.json")), "the run file is removed when the fleet stops").toBe(false);
  });
});
