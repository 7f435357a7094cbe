/**
 * `npm start` with its credentials from Pulumi ESC (a loopback fake of the ESC API): the Slack
 * server receives its values from the environment, and a canary secret never reaches the startup
 * table, the status JSON, the process output or any server's log.
 */
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secret, startFakeEsc, type FakeEsc } from "../fakes/esc.js";
import { startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { writeFleetFile } from "../support/fleet-file.js";

const MEMORY_PORT = 9005;
const SLACK_PORT = 9009;
const PULUMI_TOKEN = `pul-${randomBytes(8).toString("hex")}`;
const CANARY_BOT = `xoxb-canary-${randomBytes(8).toString("hex")}`;
const CANARY_SIGNING = `canary-signing-${randomBytes(8).toString("hex")}`;

let dir: string;
let esc: FakeEsc;
let fleet: NpmStartFleet;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "fleet-esc-"));
  const fleetFile = writeFleetFile(dir, { memoryPort: MEMORY_PORT, platforms: { slack: { mcp_server_port: SLACK_PORT, webhook_path: "/webhook/slack" } } });
  esc = await startFakeEsc({
    validTokens: [PULUMI_TOKEN],
    environments: {
      "acme/sophia/dev": {
        values: { pulumiConfig: { credentials: { slack: { SLACK_BOT_TOKEN: secret(CANARY_BOT), SLACK_SIGNING_SECRET: secret(CANARY_SIGNING) } } } },
      },
    },
  });
  fleet = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env"), "--esc-environment", "acme/sophia/dev"],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: path.join(dir, "data"),
      PULUMI_ACCESS_TOKEN: PULUMI_TOKEN,
      PULUMI_BACKEND_URL: esc.url,
    },
  });
  await fleet.until("slack to be running", async () =>
    (await fleet.status()).integrations.find((i) => i.platform === "slack")?.process === "running" ? true : undefined,
  );
}, 120_000);

afterAll(async () => {
  fleet?.kill();
  await esc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with credentials from Pulumi ESC", () => {
  it("opens the environment with the SDK's requests and names the source in the startup table", () => {
    expect(esc.unexpected).toEqual([]);
    expect(esc.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/esc/environments/acme/sophia/dev/open",
      expect.stringMatching(/^GET \/api\/esc\/environments\/acme\/sophia\/dev\/open\/.+/),
    ]);
    expect(fleet.output()).toMatch(/slack\s+9009\s+.*running|slack\s+9009\s+.*starting/);
    expect(fleet.output()).toMatch(/2 from esc/);
  });

  it("delivers the values to the Slack server: an event signed with the ESC signing secret is accepted", async () => {
    const body = JSON.stringify({ type: "event_callback", team_id: "T1", event_id: "Ev0ESC0001", event_time: 1, event: { type: "reaction_added", user: "U1", reaction: "tada", item: { type: "file" }, event_ts: "1.0" } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", CANARY_SIGNING).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const response = await fetch(`${fleet.gatewayUrl}/webhook/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature },
      body,
    });
    expect(response.status).toBe(200);
  });

  it("never shows a secret value or the Pulumi token: not in output, status JSON or any server log", async () => {
    const status = await (await fetch(`${fleet.gatewayUrl}/status`)).text();
    await fleet.interrupt();
    const logDir = path.join(dir, "data", "logs");
    const logs = readdirSync(logDir).map((file) => readFileSync(path.join(logDir, file), "utf8"));
    expect(logs.length).toBeGreaterThan(0);
    for (const text of [fleet.output(), status, ...logs]) {
      for (const canary of [CANARY_BOT, CANARY_SIGNING, PULUMI_TOKEN]) expect(text).not.toContain(canary);
    }
  });
});
