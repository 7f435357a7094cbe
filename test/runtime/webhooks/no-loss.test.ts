/**
 * Nothing acknowledged is lost: events wait in the inbox for as long as the memory service is
 * unavailable (never dead-lettered for it), only an event memory rejects is dead-lettered at once,
 * and dead letters are re-driven with the inbox command. Settings are shortened instead of sleeping.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import { createMemoryClient } from "../../../services/memory/client.js";
import type { MemoryRecord, RawWebhookRequest } from "../../../services/runtime/contract.js";
import { InboxCliError, runInboxCommand } from "../../../services/runtime/inbox-cli.js";
import { selectMemorySink } from "../../../services/runtime/memory-sink.js";
import type { WebhookIntakeOptions } from "../../../services/runtime/webhooks/intake.js";
import { intakesForEachTest } from "../../support/webhook-intake.js";
import { signTestBody, testWebhookDefinition } from "./test-definition.js";

const SECRET = "no-loss-secret";
const settings: IntegrationSettings = { enabled: true, mcp_server_port: 9004, webhook_path: "/webhook/linear" };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A memory ingest endpoint on loopback whose answer the test switches: down (503), up, or rejecting (400). */
async function fakeMemory() {
  const stored = new Map<string, number>();
  let mode: "down" | "up" | "reject" = "down";
  let requests = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests += 1;
      if (req.url !== "/ingest" || req.method !== "POST") {
        res.writeHead(501).end(`unexpected ${req.method} ${req.url}`);
        return;
      }
      if (mode === "down") return void res.writeHead(503).end("starting");
      const { records } = JSON.parse(body) as { records: MemoryRecord[] };
      if (mode === "reject" && records.some((r) => r.key.includes("bad"))) return void res.writeHead(400).end("record content is empty");
      for (const record of records) stored.set(record.key, (stored.get(record.key) ?? 0) + 1);
      res.writeHead(200, { "content-type": "application/json" }).end('{"stored":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.keepAliveTimeout = 1;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stored,
    requests: () => requests,
    set: (next: typeof mode) => void (mode = next),
  };
}

const startIntake = intakesForEachTest();

function setUp(memory: { store(records: readonly MemoryRecord[]): Promise<void> }, worker: WebhookIntakeOptions["worker"]) {
  return startIntake({
    platform: "linear",
    definition: testWebhookDefinition,
    credentials: { TEST_WEBHOOK_SECRET: SECRET },
    settings,
    process: async (event) => {
      const id = (event.payload as { id: string }).id;
      await memory.store([{ key: `linear:event:${id}`, source: "linear", type: "event", timestamp: new Date(0).toISOString(), content: `event ${id}`, record: {} }]);
    },
    worker: { baseDelayMs: 2, maxDelayMs: 10, pollMs: 10, maxAttempts: 3, maxWaitDelayMs: 15, ...worker },
  });
}

function signed(body: string): RawWebhookRequest {
  return {
    method: "POST",
    url: "/webhook/linear/events",
    publicUrl: "https://hooks.example.com/webhook/linear/events",
    headers: { "content-type": "application/json", "x-test-signature": signTestBody(SECRET, body) },
    rawBody: Buffer.from(body),
    receivedAt: new Date(),
  };
}

async function gauge(registry: Registry, name: string): Promise<number> {
  return (await registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels.platform === "linear")?.value ?? 0;
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("the inbox while memory is unavailable", () => {
  it("keeps every acknowledged event through an outage longer than the dead-letter attempts, then stores each exactly once", async () => {
    const memory = await fakeMemory();
    const { intake, registry, rows } = setUp(createMemoryClient({ url: memory.url, timeoutMs: 2_000 }), {});
    const ids = Array.from({ length: 40 }, (_, i) => `e${i}`);
    for (const id of ids) expect((await intake.handle(signed(JSON.stringify({ id, type: "issue.create" })))).status).toBe(200);
    intake.start();
    // the first event alone has been tried far beyond maxAttempts (3) while memory answered 503
    await until(() => (rows()[0]?.attempts ?? 0) > 6);
    expect(rows().filter((row) => row.state === "dead")).toEqual([]);
    // the worker pauses between probes instead of trying every waiting event in turn
    expect(memory.requests()).toBeLessThan(ids.length);
    expect(rows().filter((row) => row.attempts === 0).length).toBeGreaterThan(ids.length / 2);
    expect(await gauge(registry, "mcp_inbox_waiting_for_memory")).toBe(1);
    expect(await gauge(registry, "mcp_inbox_retrying")).toBeGreaterThan(0);
    expect(await gauge(registry, "mcp_inbox_depth")).toBe(ids.length);
    expect(intake.waitingState()).toMatchObject({ waitingFor: "memory", cause: expect.stringContaining("503") });

    memory.set("up");
    await until(() => rows().every((row) => row.state === "done"));
    expect([...memory.stored.keys()].sort()).toEqual(ids.map((id) => `linear:event:${id}`).sort());
    expect([...memory.stored.values()].every((count) => count === 1)).toBe(true);
    expect(intake.waitingState()).toBeUndefined();
    expect(await gauge(registry, "mcp_inbox_waiting_for_memory")).toBe(0);
    expect(await gauge(registry, "mcp_inbox_dead_letters")).toBe(0);
  });

  it("keeps events pending while memory cannot be reached at all (connection refused)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { intake, rows } = setUp(createMemoryClient({ url, timeoutMs: 2_000 }), {});
    await intake.handle(signed('{"id":"r1","type":"t"}'));
    intake.start();
    await until(() => (rows()[0]?.attempts ?? 0) > 5);
    // still waiting (pending, or claimed for the next probe), never done or dead
    expect(rows()[0]).toMatchObject({ state: expect.stringMatching(/^(pending|processing)$/), error: expect.stringContaining("memory server unreachable") });
  });

  it("with no memory service configured, nothing is marked done: events wait", async () => {
    const sink = selectMemorySink({ log: pino({ level: "silent" }), producesRecords: true });
    const { intake, registry, rows } = setUp(sink, {});
    await intake.handle(signed('{"id":"n1","type":"t"}'));
    intake.start();
    await until(() => (rows()[0]?.attempts ?? 0) > 4);
    expect(rows()[0]).toMatchObject({ state: expect.stringMatching(/^(pending|processing)$/), error: expect.stringContaining("no memory service configured") });
    expect(await gauge(registry, "mcp_inbox_waiting_for_memory")).toBe(1);
  });

  it("dead-letters, loudly and with the cause, an event that waited longer than the retention", async () => {
    const memory = await fakeMemory();
    const { intake, rows } = setUp(createMemoryClient({ url: memory.url }), { retentionMs: 30 });
    await intake.handle(signed('{"id":"old","type":"t"}'));
    intake.start();
    await until(() => rows()[0]?.state === "dead");
    expect(rows()[0]?.error).toMatch(/^waited longer than 0 h for the memory service: MemoryIngestError: memory ingest answered 503/);
  });
});

describe("dead letters", () => {
  it("an event memory rejects is dead-lettered at once with the reason, listed, and re-driven by the inbox command", async () => {
    const memory = await fakeMemory();
    memory.set("reject");
    const { intake, rows, dataDir } = setUp(createMemoryClient({ url: memory.url }), {});
    await intake.handle(signed('{"id":"bad-1","type":"t"}'));
    await intake.handle(signed('{"id":"fine","type":"t"}'));
    intake.start();
    await until(() => rows().every((row) => row.state === "done" || row.state === "dead"));
    const [bad, fine] = rows();
    expect(fine).toMatchObject({ key: "fine", state: "done" });
    expect(bad).toMatchObject({ key: "bad-1", state: "dead", attempts: 1, error: expect.stringContaining("rejected: MemoryIngestError: memory ingest answered 400: record content is empty") });

    const cli = (...argv: string[]) => runInboxCommand([...argv, "--data-dir", dataDir], {});
    expect(cli("linear", "status")).toContain("linear inbox: 0 pending (0 retrying), 1 dead");
    const listed = cli("linear", "list");
    expect(listed).toContain("bad-1");
    expect(listed).toContain("record content is empty");
    expect(() => cli("linear", "retry", "999")).toThrow(InboxCliError);
    expect(() => cli("linear", "retry", "999")).toThrow(/event 999 is not a dead letter in the linear inbox/);
    expect(() => cli("linear", "frobnicate")).toThrow(/unknown command "frobnicate"/);

    // the cause is fixed; re-driving the one event has the running worker store it
    memory.set("up");
    expect(cli("linear", "retry", String(bad!.id))).toContain(`re-driven event ${bad!.id}`);
    await until(() => rows()[0]?.state === "done");
    expect(memory.stored.get("linear:event:bad-1")).toBe(1);
    expect(cli("linear", "list")).toBe("no dead letters in the linear inbox");
    expect(cli("linear", "retry-all")).toBe("no dead letters in the linear inbox");
  });

  it("finds the inbox in the fleet's data directory, as npm start's --data-dir names it", async () => {
    const memory = await fakeMemory();
    memory.set("reject");
    const { intake, rows, dataDir } = setUp(createMemoryClient({ url: memory.url }), {});
    await intake.handle(signed('{"id":"bad-2","type":"t"}'));
    intake.start();
    await until(() => rows()[0]?.state === "dead");
    await intake.stop();
    // the local fleet's layout: <fleet data dir>/linear/linear-inbox.sqlite
    const fleetDir = mkdtempSync(path.join(tmpdir(), "fleet-data-"));
    cleanups.push(() => rmSync(fleetDir, { recursive: true, force: true }));
    const serverDir = path.join(fleetDir, "linear");
    cpSync(dataDir, serverDir, { recursive: true });
    expect(runInboxCommand(["linear", "list", "--data-dir", fleetDir], {})).toContain("bad-2");
    expect(runInboxCommand(["linear", "status", "--data-dir", serverDir], {})).toContain("1 dead");
  });

  it("names the missing inbox instead of creating one", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "no-inbox-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    expect(() => runInboxCommand(["slack", "list", "--data-dir", dataDir], {})).toThrow(/no inbox for slack at .*slack-inbox\.sqlite/);
  });
});
