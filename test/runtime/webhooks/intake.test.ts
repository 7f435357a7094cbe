import pino from "pino";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest } from "../../../services/runtime/contract.js";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import { WebhookIntake, type WebhookIntakeOptions } from "../../../services/runtime/webhooks/intake.js";
import { intakesForEachTest } from "../../support/webhook-intake.js";
import { signTestBody, testWebhookDefinition } from "./test-definition.js";

const SECRET = "intake-secret";
const settings: IntegrationSettings = { enabled: true, mcp_server_port: 9004, webhook_path: "/webhook/linear" };

const startIntake = intakesForEachTest();

function setUp(overrides: Partial<WebhookIntakeOptions> = {}) {
  const started = startIntake({
    platform: "linear",
    definition: testWebhookDefinition,
    credentials: { TEST_WEBHOOK_SECRET: SECRET },
    settings,
    worker: { baseDelayMs: 5, maxDelayMs: 20, pollMs: 20 },
    ...overrides,
  });
  return { ...started, rows: () => started.rows().map(({ key, state, attempts }) => ({ key, state, attempts })) };
}

function signed(body: string, headers: Record<string, string> = {}): RawWebhookRequest {
  return {
    method: "POST",
    url: "/webhook/linear/events",
    publicUrl: "https://hooks.example.com/webhook/linear/events",
    headers: { "content-type": "application/json", "x-test-signature": signTestBody(SECRET, body), ...headers },
    rawBody: Buffer.from(body),
    receivedAt: new Date(),
  };
}

async function metric(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v))?.value ?? 0;
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("webhook intake", () => {
  it("stores a verified event before answering 200, then processes it", async () => {
    const { intake, registry, processed, rows } = setUp();
    const answer = await intake.handle(signed('{"id":"e1","type":"issue.create"}'));
    expect(answer).toMatchObject({ status: 200, body: { received: 1, duplicates: 0 } });
    expect(rows()).toEqual([{ key: "e1", state: "pending", attempts: 0 }]); // durable before the worker ran
    expect(intake.depth().depth).toBe(1);

    intake.start();
    await until(() => processed.length === 1);
    expect(processed[0]).toEqual({ dedupeKey: "e1", type: "issue.create", payload: { id: "e1", type: "issue.create" } });
    await until(() => intake.depth().depth === 0);
    // the outcome is counted when the writer thread's reply arrives, just after the commit is visible
    await until(async () => (await metric(registry, "mcp_inbox_processed_total", { outcome: "done" })) === 1);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "accepted" })).toBe(1);
    expect(await metric(registry, "mcp_inbox_depth", { platform: "linear" })).toBe(0);
  });

  it("answers 401 to an unverifiable request and stores nothing", async () => {
    const { intake, registry, rows } = setUp();
    const body = '{"id":"e1","type":"issue.create"}';
    expect(await intake.handle({ ...signed(body), headers: {} })).toMatchObject({ status: 401 });
    expect(await intake.handle(signed(body, { "x-test-signature": signTestBody("wrong-secret", body) }))).toMatchObject({ status: 401 });
    expect(await intake.handle({ ...signed(body), rawBody: Buffer.from('{"id":"e2","type":"issue.create"}') })).toMatchObject({ status: 401 });
    expect(rows()).toEqual([]);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "rejected" })).toBe(3);
    expect(await metric(registry, "mcp_webhooks_rejected_total", { reason: "signature mismatch" })).toBe(2);
    expect(await metric(registry, "mcp_webhooks_rejected_total", { reason: "missing x-test-signature header" })).toBe(1);
  });

  it("deduplicates by the event key, within a batch and across deliveries, still answering 200", async () => {
    const { intake, registry, processed, rows } = setUp();
    const batch = JSON.stringify({ events: [{ id: "a", type: "t" }, { id: "b", type: "t" }, { id: "a", type: "t" }] });
    expect(await intake.handle(signed(batch))).toMatchObject({ status: 200, body: { received: 3, duplicates: 1 } });
    expect(await intake.handle(signed('{"id":"b","type":"t"}'))).toMatchObject({ status: 200, body: { received: 1, duplicates: 1 } });
    expect(rows().map((row) => row.key)).toEqual(["a", "b"]);
    intake.start();
    await until(() => intake.depth().depth === 0);
    expect(processed.map((event) => event.dedupeKey)).toEqual(["a", "b"]);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "deduplicated" })).toBe(2);
  });

  it("answers 400 to a signed but malformed body and stores nothing", async () => {
    const { intake, registry, rows } = setUp();
    expect(await intake.handle(signed("{not json"))).toMatchObject({ status: 400 });
    expect(await intake.handle(signed('{"id":"","type":"t"}'))).toMatchObject({ status: 400 });
    expect(rows()).toEqual([]);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "malformed" })).toBe(2);
  });

  it("answers 429 with Retry-After over webhook_events_per_minute, never a silent drop", async () => {
    const { intake, registry, rows } = setUp({ settings: { ...settings, rate_limits: { webhook_events_per_minute: 2 } } });
    expect((await intake.handle(signed('{"id":"1","type":"t"}'))).status).toBe(200);
    expect((await intake.handle(signed('{"id":"2","type":"t"}'))).status).toBe(200);
    const limited = await intake.handle(signed('{"id":"3","type":"t"}'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers?.["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(rows().map((row) => row.key)).toEqual(["1", "2"]);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "rate_limited" })).toBe(1);
  });

  it("acknowledges, counts and does not keep events outside event_subscriptions (control events always pass)", async () => {
    const bySubscription = {
      ...testWebhookDefinition,
      parse: (request: RawWebhookRequest) =>
        testWebhookDefinition.parse(request).map((event) => (event.type === "control" ? event : { ...event, subscription: event.type })),
    };
    const { intake, registry, rows } = setUp({ definition: bySubscription, settings: { ...settings, event_subscriptions: ["issue.create"] } });
    const batch = JSON.stringify({ events: [{ id: "a", type: "issue.create" }, { id: "b", type: "issue.remove" }, { id: "c", type: "control" }] });
    expect(await intake.handle(signed(batch))).toMatchObject({ status: 200, body: { received: 3, duplicates: 0 } });
    expect(rows().map((row) => row.key)).toEqual(["a", "c"]);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "unsubscribed" })).toBe(1);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "accepted" })).toBe(2);
  });

  it("counts webhook_events_per_minute in events, so a batch spends one token per event", async () => {
    const batchOf = (ids: string[]) => JSON.stringify({ events: ids.map((id) => ({ id, type: "t" })) });
    const { intake, registry, rows } = setUp({ settings: { ...settings, rate_limits: { webhook_events_per_minute: 5 } } });
    expect((await intake.handle(signed(batchOf(["1", "2", "3", "4"])))).status).toBe(200);
    const limited = await intake.handle(signed(batchOf(["5", "6"])));
    expect(limited.status).toBe(429);
    expect(rows().map((row) => row.key)).toEqual(["1", "2", "3", "4"]);
    expect(await metric(registry, "mcp_webhooks_total", { outcome: "rate_limited" })).toBe(1);
  });

  it("admits a batch larger than a minute's allowance once the bucket is full, and then holds the rate", async () => {
    const batchOf = (ids: string[]) => JSON.stringify({ events: ids.map((id) => ({ id, type: "t" })) });
    const { intake, rows } = setUp({ settings: { ...settings, rate_limits: { webhook_events_per_minute: 3 } } });
    expect((await intake.handle(signed(batchOf(["1", "2", "3", "4", "5", "6", "7", "8"])))).status).toBe(200);
    expect((await intake.handle(signed(batchOf(["9"])))).status).toBe(429);
    expect(rows()).toHaveLength(8);
  });

  it("answers a handshake without verification and stores nothing", async () => {
    const { intake, rows } = setUp();
    const answer = await intake.handle({ ...signed("{}"), headers: { "x-test-handshake": "abc" } });
    expect(answer).toEqual({ status: 200, headers: {}, body: { challenge: "abc" } });
    expect(rows()).toEqual([]);
  });

  it("answers a signed challenge only after verification, and stores nothing", async () => {
    const definition = {
      ...testWebhookDefinition,
      verifiedHandshake: (request: RawWebhookRequest) => {
        const body = JSON.parse(request.rawBody.toString("utf8")) as { challenge?: string };
        return body.challenge ? { status: 200, body: { challenge: body.challenge } } : undefined;
      },
    };
    const { intake, rows } = setUp({ definition });
    const challenge = JSON.stringify({ type: "url_verification", challenge: "c-123" });
    expect(await intake.handle(signed(challenge))).toEqual({ status: 200, headers: {}, body: { challenge: "c-123" } });
    const unsigned = { ...signed(challenge), headers: { "content-type": "application/json" } };
    expect((await intake.handle(unsigned)).status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it("retries a failing event with backoff until it succeeds", async () => {
    let calls = 0;
    const { intake, registry, rows } = setUp({
      process: async () => {
        calls += 1;
        if (calls < 3) throw new Error("memory store unavailable");
      },
    });
    await intake.handle(signed('{"id":"r1","type":"t"}'));
    intake.start();
    await until(() => rows()[0]?.state === "done");
    // an outcome is counted once the worker hears its commit, just after the row reads as settled
    await until(async () => (await metric(registry, "mcp_inbox_processed_total", { outcome: "done" })) === 1);
    expect(calls).toBe(3);
    expect(rows()[0]?.attempts).toBe(3);
    expect(await metric(registry, "mcp_inbox_processed_total", { outcome: "retry" })).toBe(2);
    expect(await metric(registry, "mcp_inbox_processed_total", { outcome: "done" })).toBe(1);
  });

  it("dead-letters an event that fails every attempt: kept, counted, and not blocking others", async () => {
    const { intake, registry, rows, processed } = setUp({
      process: async (event) => {
        if (event.dedupeKey === "poison") throw new Error("cannot convert");
        processed.push(event);
      },
      worker: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10, pollMs: 10 },
    });
    await intake.handle(signed('{"id":"poison","type":"t"}'));
    await intake.handle(signed('{"id":"fine","type":"t"}'));
    intake.start();
    await until(() => rows().find((row) => row.key === "poison")?.state === "dead");
    await until(() => processed.length === 1);
    // an outcome is counted once the worker hears its commit, just after the row reads as settled;
    // the two events settle in either order (the good one may finish between the poison's retries)
    await until(async () => (await metric(registry, "mcp_inbox_processed_total", { outcome: "done" })) === 1);
    await until(async () => (await metric(registry, "mcp_inbox_processed_total", { outcome: "dead" })) === 1);
    expect(await metric(registry, "mcp_inbox_processed_total", { outcome: "retry" })).toBe(2);
    expect(rows()).toEqual([
      { key: "poison", state: "dead", attempts: 3 },
      { key: "fine", state: "done", attempts: 1 },
    ]);
    expect(await metric(registry, "mcp_inbox_processed_total", { outcome: "dead" })).toBe(1);
    expect(await metric(registry, "mcp_inbox_dead_letters", { platform: "linear" })).toBe(1);
    expect(intake.depth().depth).toBe(0);
  });

  it("stop() lets the in-flight event finish, then refuses new webhooks with 503", async () => {
    let release: () => void = () => undefined;
    let started = false;
    const { intake, rows, dataDir } = setUp({
      process: async () => {
        started = true;
        await new Promise<void>((resolve) => (release = resolve));
      },
    });
    await intake.handle(signed('{"id":"slow","type":"t"}'));
    intake.start();
    await until(() => started);
    const stopping = intake.stop();
    expect((await intake.handle(signed('{"id":"late","type":"t"}'))).status).toBe(503);
    release();
    await stopping;
    expect(rows()).toEqual([{ key: "slow", state: "done", attempts: 1 }]);
    expect(dataDir).not.toBe("");
  });

  it("reports the depth and age of the oldest waiting event", async () => {
    const { intake, registry } = setUp();
    const before = Date.now();
    await intake.handle(signed('{"id":"w1","type":"t"}'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const { depth, oldestAgeSeconds } = intake.depth();
    expect(depth).toBe(1);
    expect(oldestAgeSeconds).toBeGreaterThan(0);
    const text = await registry.metrics();
    // in seconds: about the 30 ms waited or more, never more than the time since before the event
    // arrived (rather than "below 1 s", which a loaded machine exceeds)
    const sinceBeforeSeconds = (Date.now() - before) / 1000;
    expect(text).toContain('mcp_inbox_depth{platform="linear"} 1');
    const age = Number(/mcp_inbox_oldest_age_seconds\{platform="linear"\} ([\d.]+)/.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(0.02);
    expect(age).toBeLessThanOrEqual(sinceBeforeSeconds);
  });

  it("keeps durable key-value state across restarts (where Asana's handshake secret lives)", async () => {
    const first = setUp();
    await first.intake.state.set("webhook.hook_secret", "s-1");
    await first.intake.stop();
    const second = new WebhookIntake({
      platform: "linear",
      definition: testWebhookDefinition,
      credentials: {},
      settings,
      dataDir: first.dataDir,
      log: pino({ level: "silent" }),
      registry: new Registry(),
      process: async () => undefined,
    });
    try {
      expect(await second.state.get("webhook.hook_secret")).toBe("s-1");
      expect(await second.state.get("missing")).toBeUndefined();
    } finally {
      await second.stop();
    }
  });
});
