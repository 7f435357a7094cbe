/**
 * Stopping the local fleet the ways a process manager, CI step or closed terminal does: SIGTERM,
 * SIGINT or SIGHUP to the `npm start` process alone (not its process group) stops the supervisor
 * and every server; and with the supervisor killed outright (SIGKILL, no chance to clean up) the
 * servers notice on their own and exit. Checked by process id, through the real `npm start`.
 *
 * One small fleet (memory + Slack, Slack's API pointed at a closed loopback port it never needs),
 * on fixed loopback ports no other end-to-end test binds (run under `flock /tmp/fleet-ports.lock`).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pollUntil, startNpmFleet, type NpmStartFleet } from "../support/npm-start.js";
import { alive } from "../support/process.js";
import { writeFleetFile } from "../support/fleet-file.js";

const MEMORY_PORT = 9011;
const SLACK_PORT = 9003;

let dir: string;
let fleetFile: string;
let fleet: NpmStartFleet | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "fleet-signals-"));
  fleetFile = writeFleetFile(dir, { memoryPort: MEMORY_PORT, platforms: { slack: { mcp_server_port: SLACK_PORT, webhook_path: "/webhook/slack" } } });
});

afterEach(() => {
  fleet?.kill();
  fleet = undefined;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Pids {
  readonly npm: number;
  readonly supervisor: number;
  readonly servers: readonly number[];
}

/** Starts the fleet and waits for both servers; returns every process id it runs. */
async function startFleet(run: string): Promise<{ fleet: NpmStartFleet; pids: Pids }> {
  const dataDir = path.join(dir, run);
  const started = await startNpmFleet({
    args: ["--dotenv", path.join(dir, "absent.env")],
    env: {
      INTEGRATIONS_FILE: fleetFile,
      FLEET_DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: "xoxb-signals-bot-token",
      SLACK_SIGNING_SECRET: "signals-signing-secret-0123456789",
      PLATFORM_API_BASE_URL_SLACK: "http://127.0.0.1:9",
    },
  });
  fleet = started;
  const servers = await started.until("memory and slack to be running", async () => {
    const running = (await started.status()).integrations.filter((i) => i.process === "running" && i.pid !== undefined);
    return running.length === 2 ? running.map((i) => i.pid!) : undefined;
  });
  const supervisor = (JSON.parse(readFileSync(path.join(dataDir, "fleet-run.json"), "utf8")) as { pid: number }).pid;
  const pids = { npm: started.pid, supervisor, servers };
  // three distinct live processes at least: npm, the supervisor and the servers
  expect(new Set([pids.npm, pids.supervisor, ...pids.servers]).size).toBe(4);
  for (const pid of [pids.npm, pids.supervisor, ...pids.servers]) expect(alive(pid)).toBe(true);
  return { fleet: started, pids };
}

async function allGone(what: string, pids: readonly number[]): Promise<void> {
  await pollUntil(what, async () => (pids.every((pid) => !alive(pid)) ? true : undefined), 60_000, () =>
    `still running: ${pids.filter(alive).join(", ")}\n${fleet?.output() ?? ""}`,
  );
}

describe("npm start stops every process it started", () => {
  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)("%s to the npm start process alone leaves no process", async (signal) => {
    const { fleet: running, pids } = await startFleet(signal.toLowerCase());
    await running.signal(signal);
    await allGone(`every process of the fleet to exit after ${signal}`, [pids.npm, pids.supervisor, ...pids.servers]);
  }, 180_000);

  it("servers exit on their own when the supervisor is killed with SIGKILL", async () => {
    const { pids } = await startFleet("sigkill");
    process.kill(pids.supervisor, "SIGKILL");
    await allGone("the servers to exit after their supervisor was killed", pids.servers);
    expect(alive(pids.supervisor)).toBe(false);
  }, 180_000);
});
