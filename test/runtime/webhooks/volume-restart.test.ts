/**
 * A webhook-receiving server as a pod of its StatefulSet runs it: the real entrypoint
 * (services/runtime/main.ts) on a data directory that stands for the pod's volume, with the memory
 * service behind MEMORY_URL. An acknowledged event is kept on the volume until memory has it,
 * whatever happens to the process:
 * - SIGKILL (a node lost, the grace period over) with events pending and the memory service down:
 *   the next process on the same directory, with memory back, stores every acknowledged event once;
 * - SIGTERM (a rollout, a drain) while memory is failing: the server stops taking webhooks and
 *   keeps delivering until memory takes them, within MCP_SHUTDOWN_GRACE_MS;
 * - SIGTERM when memory does not come back in time: it exits cleanly and the next process on the
 *   volume delivers the rest.
 * The memory service is a loopback fake that records every record it is sent (so a second
 * delivery of one event would be counted) and can answer 503 until told otherwise.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../services/fleet/load.js";
import { listenOnLoopback, type LoopbackListener } from "../../support/loopback.js";

const MAIN = path.join(REPO_ROOT, "services", "runtime", "main.ts");
const WEBHOOK_SECRET = "volume-restart-webhook-secret";
const INGEST_TOKEN = "volume-restart-ingest-token";
const EVENTS = 40;

interface FakeMemory extends LoopbackListener {
  /** every record key the memory service accepted, in arrival order, repeats included */
  readonly stored: string[];
  /** false: every ingest is answered 503 (the memory service is up but failing) */
  setHealthy(healthy: boolean): void;
}

async function fakeMemory(): Promise<FakeMemory> {
  const state = { stored: [] as string[], healthy: true };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${INGEST_TOKEN}`) return reply(401, { error: "unauthorized" });
      if (req.method === "GET" && req.url?.startsWith("/state")) return reply(404, { error: "not found" });
      if (req.method === "POST" && req.url === "/state") return reply(200, { ok: true });
      if (req.method !== "POST" || req.url !== "/ingest") return reply(404, { error: `unexpected ${req.method} ${req.url}` });
      if (!state.healthy) return reply(503, { error: "store unavailable" });
      const { records } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { records: Array<{ key: string }> };
      state.stored.push(...records.map((r) => r.key));
      return reply(200, { stored: records.length });
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    ...listener,
    stored: state.stored,
    setHealthy: (healthy) => {
      state.healthy = healthy;
    },
  };
}

/** A loopback port nothing listens on: the memory service of a pod whose memory is down. */
async function closedPort(): Promise<number> {
  const listener = await listenOnLoopback(createServer());
  await listener.close();
  return listener.port;
}

interface RunningServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  logs(): string;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
const fakes: LoopbackListener[] = [];
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.length = 0;
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function volume(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "inbox-volume-"));
  dirs.push(dir);
  return dir;
}

async function startServer(volumeDir: string, memoryUrl: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: os.tmpdir(),
      MCP_PLATFORM: "linear",
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9004, webhook_path: "/webhook/linear" }),
      MCP_PORT: "0",
      MCP_HOST: "127.0.0.1",
      MCP_AUTH_MODE: "none",
      // the volume, as the StatefulSet mounts it: the inbox is a directory on it
      INBOX_DIR: path.join(volumeDir, "inbox"),
      LINEAR_API_KEY: "lin_api_volume_restart",
      LINEAR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // comment events are stored from the payload; nothing may call the Linear API
      PLATFORM_API_BASE_URL: "http://127.0.0.1:9",
      MEMORY_URL: memoryUrl,
      MEMORY_INGEST_TOKEN: INGEST_TOKEN,
      // probe a failing memory service often, so the test does not wait out the production backoff
      INBOX_RETRY_MAX_DELAY_MS: "100",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const match = /"port":(\d+),[^\n]*"msg":"MCP server listening"/.exec(output);
      if (match) {
        child.stdout!.off("data", onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited, logs: () => output };
}

/** A Linear comment delivery, signed as Linear signs it; returns the HTTP status. */
async function deliver(server: RunningServer, delivery: string): Promise<number> {
  const body = JSON.stringify({
    action: "create",
    type: "Comment",
    createdAt: new Date().toISOString(),
    data: { id: `comment-${delivery}`, body: `comment ${delivery}`, issue: { identifier: "ENG-1", title: "Volume" }, user: { name: "Ada" } },
    webhookTimestamp: Date.now(),
  });
  const response = await fetch(`${server.url}/webhook/linear/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "linear-signature": createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex"),
      "linear-delivery": delivery,
      "linear-event": "Comment",
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

/** Delivers EVENTS comments; returns the memory keys of the acknowledged ones (all must be acknowledged). */
async function deliverAll(server: RunningServer): Promise<string[]> {
  const deliveries = Array.from({ length: EVENTS }, () => randomUUID());
  const statuses = await Promise.all(deliveries.map((d) => deliver(server, d)));
  expect(statuses).toEqual(deliveries.map(() => 200));
  return deliveries.map((d) => `linear:event:${d}`);
}

async function inboxDepth(server: RunningServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = /^mcp_inbox_depth\{platform="linear"\} (\d+)$/m.exec(text);
  if (!match) throw new Error("mcp_inbox_depth for linear is not on /metrics");
  return Number(match[1]);
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  // bounded by the test's own timeout; no timing threshold is asserted
  for (;;) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null) && !(await condition())) throw new Error(`no server left while waiting for ${what}`);
  }
}

function countsOf(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function expectStoredOnce(memory: FakeMemory, acknowledged: readonly string[]): void {
  const counts = countsOf(memory.stored);
  for (const key of acknowledged) expect(counts.get(key), key).toBe(1);
  expect([...counts.keys()].sort()).toEqual([...acknowledged].sort());
}

describe("an inbox on a pod's volume", () => {
  it("survives SIGKILL with events pending and the memory service down: the next process on the volume stores each acknowledged event once", async () => {
    const dir = volume();
    const first = await startServer(dir, `http://127.0.0.1:${await closedPort()}`);
    const acknowledged = await deliverAll(first);
    // the sink is dead, so everything acknowledged is still pending when the process is killed
    expect(await inboxDepth(first)).toBe(EVENTS);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(first.child.signalCode).toBe("SIGKILL");

    const memory = await fakeMemory();
    fakes.push(memory);
    const second = await startServer(dir, memory.url);
    await until(async () => (await inboxDepth(second)) === 0, "the restarted server to drain its inbox");
    expectStoredOnce(memory, acknowledged);

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expectStoredOnce(memory, acknowledged);
  }, 120_000);

  it("on SIGTERM stops taking webhooks and keeps delivering until the memory service takes everything", async () => {
    const memory = await fakeMemory();
    fakes.push(memory);
    memory.setHealthy(false);
    const server = await startServer(volume(), memory.url, { MCP_SHUTDOWN_GRACE_MS: "120000" });
    const acknowledged = await deliverAll(server);
    expect(await inboxDepth(server)).toBe(EVENTS);

    server.child.kill("SIGTERM");
    await until(() => server.logs().includes("shutting down: delivering the inbox before stopping"), "the shutdown to reach the inbox");
    // no longer taking webhooks: the platform's redelivery goes to another replica
    const late = await deliver(server, randomUUID()).catch(() => "refused" as const);
    expect(late).toBe("refused");
    expect(memory.stored).toEqual([]);

    memory.setHealthy(true);
    expect(await server.exited).toBe(0);
    expectStoredOnce(memory, acknowledged);
    expect(server.logs()).not.toContain("undelivered events stay in the inbox");
  }, 120_000);

  it("on SIGTERM with the memory service still down at the end of the grace period exits cleanly and leaves the rest to the next process", async () => {
    const dir = volume();
    const memory = await fakeMemory();
    fakes.push(memory);
    memory.setHealthy(false);
    const first = await startServer(dir, memory.url, { MCP_SHUTDOWN_GRACE_MS: "300" });
    const acknowledged = await deliverAll(first);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.logs()).toContain("undelivered events stay in the inbox for the next process on this volume");
    expect(memory.stored).toEqual([]);

    memory.setHealthy(true);
    const second = await startServer(dir, memory.url);
    await until(async () => (await inboxDepth(second)) === 0, "the next process to drain the inbox");
    expectStoredOnce(memory, acknowledged);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});
