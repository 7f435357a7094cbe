/**
 * Vercel webhooks: the x-vercel-signature check against signatures made by the openssl CLI and a
 * fixed vector (never by the code under test), the createdAt replay window, dedupe by the body's id
 * and event_subscriptions at the intake, and deployment events as memories.
 */
import { describe, expect, it } from "vitest";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { RawWebhookRequest, WebhookDefinition } from "../../../services/runtime/contract.js";
import type { VercelApi } from "../../../services/platforms/vercel/api/index.js";
import { definition } from "../../../services/platforms/vercel/index.js";
import { REPLAY_WINDOW_SECONDS } from "../../../services/platforms/vercel/webhook.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { opensslHmac } from "../../runtime/webhooks/openssl.js";
import { type Harness, NOW, SETTINGS, gitMeta, seedProject, startHarness } from "./harness.js";

const SECRET = "whsec_test_vercel_secret";
const webhook = definition.webhook as WebhookDefinition<VercelApi>;

const context = (now: Date = NOW) => webhookContext({ settings: SETTINGS, now });

/** Vercel's documented scheme, computed by openssl: hex HMAC-SHA1 of the raw body. */
const sign = (body: string, secret = SECRET) => opensslHmac("sha1", secret, body).toString("hex");

/** `signature: null` sends no x-vercel-signature header */
function delivery(body: string, signature: string | null = sign(body)): RawWebhookRequest {
  return {
    method: "POST",
    url: "/webhook/vercel/events",
    publicUrl: "https://hooks.example.com/webhook/vercel/events",
    headers: { "content-type": "application/json", ...(signature === null ? {} : { "x-vercel-signature": signature }) },
    rawBody: Buffer.from(body, "utf8"),
    receivedAt: NOW,
  };
}

function eventBody(type: string, deployment: { id: string; url?: string; name?: string; meta?: Record<string, string> }, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: `evt_${type}_${deployment.id}`,
    type,
    createdAt: NOW.getTime() - 1000,
    region: "iad1",
    payload: {
      team: { id: "team_acme0000000000000000" },
      user: { id: "usr_ada" },
      deployment: { id: deployment.id, url: deployment.url ?? "acme-web-x1.vercel.app", name: deployment.name ?? "acme-web", meta: deployment.meta ?? {} },
      links: { deployment: `https://vercel.com/acme/acme-web/${deployment.id.slice(4)}`, project: "https://vercel.com/acme/acme-web" },
      target: "production",
      project: { id: "prj_1" },
      plan: "pro",
      regions: ["iad1"],
    },
    ...overrides,
  });
}

describe("x-vercel-signature", () => {
  const verify = (request: RawWebhookRequest, secret = SECRET, now = NOW) => webhook.verifier({ VERCEL_TOKEN: "t", VERCEL_WEBHOOK_SECRET: secret }, context(now))(request);

  it("accepts the fixed vector (secret whsec_test_vercel_secret, computed outside this repository)", async () => {
    const body = '{"id":"event_2XqF5example","type":"deployment.created","createdAt":1698345600000,"payload":{}}';
    const at = new Date(1698345600000 + 60_000);
    expect(await verify(delivery(body, "1fd2d3355891c50d6b710d70413147f0a3930e6d"), SECRET, at)).toEqual({ ok: true });
    expect(sign(body)).toBe("1fd2d3355891c50d6b710d70413147f0a3930e6d");
  });

  it("accepts a delivery signed over its raw bytes, whitespace and key order included", async () => {
    const body = `{ "type": "deployment.succeeded",  "id": "evt_1", "createdAt": ${NOW.getTime() - 5000}, "payload": {} }\n`;
    expect(await verify(delivery(body))).toEqual({ ok: true });
  });

  it("rejects a tampered body", async () => {
    const body = eventBody("deployment.succeeded", { id: "dpl_1" });
    const tampered = body.replace('"production"', '"preview"');
    expect(await verify(delivery(tampered, sign(body)))).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("rejects a delivery signed with another secret, a SHA-256 signature, and everything when no secret is configured", async () => {
    const body = eventBody("deployment.succeeded", { id: "dpl_1" });
    expect(await verify(delivery(body, sign(body, "another-secret")))).toMatchObject({ ok: false });
    expect(await verify(delivery(body, opensslHmac("sha256", SECRET, body).toString("hex")))).toMatchObject({ ok: false });
    expect(await verify(delivery(body), "")).toEqual({ ok: false, reason: "no signing secret configured" });
  });

  it("rejects a delivery without the header, or with a signature that is not hex", async () => {
    const body = eventBody("deployment.succeeded", { id: "dpl_1" });
    expect(await verify(delivery(body, null))).toEqual({ ok: false, reason: "missing x-vercel-signature header" });
    expect(await verify(delivery(body, "not-hex"))).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("rejects a captured delivery replayed after the window, though its signature is still valid", async () => {
    const body = eventBody("deployment.succeeded", { id: "dpl_1" });
    const sentAt = NOW.getTime() - 1000;
    expect(await verify(delivery(body), SECRET, new Date(sentAt + 24 * 3_600_000))).toEqual({ ok: true });
    expect(await verify(delivery(body), SECRET, new Date(sentAt + REPLAY_WINDOW_SECONDS * 1000 + 1000))).toEqual({ ok: false, reason: "stale timestamp" });
    const noTime = JSON.stringify({ id: "evt_x", type: "deployment.succeeded", payload: {} });
    expect(await verify(delivery(noTime))).toEqual({ ok: false, reason: "missing timestamp" });
  });
});

describe("deliveries at the intake", () => {
  const startIntake = intakesForEachTest();
  const intakeWith = (settings: IntegrationSettings) => startIntake({ platform: "vercel", definition: webhook, credentials: { VERCEL_WEBHOOK_SECRET: SECRET }, settings, now: NOW });

  it("stores a retried delivery (same body id) once", async () => {
    const { intake, count } = intakeWith(SETTINGS);
    const body = eventBody("deployment.error", { id: "dpl_1" });
    expect(await intake.handle(delivery(body))).toMatchObject({ status: 200, body: { received: 1, duplicates: 0 } });
    expect(await intake.handle(delivery(body))).toMatchObject({ status: 200, body: { received: 1, duplicates: 1 } });
    expect(intake.depth().depth).toBe(1);
    expect(await count("deduplicated")).toBe(1);
    await intake.stop();
  });

  it("answers 401 to an unsigned or wrongly signed delivery and stores nothing", async () => {
    const { intake } = intakeWith(SETTINGS);
    const body = eventBody("deployment.error", { id: "dpl_1" });
    expect((await intake.handle(delivery(body, null))).status).toBe(401);
    expect((await intake.handle(delivery(body, sign(body, "wrong")))).status).toBe(401);
    expect(intake.depth().depth).toBe(0);
    await intake.stop();
  });

  it("keeps only the subscribed event types, acknowledging the rest", async () => {
    const { intake, count } = intakeWith({ ...SETTINGS, event_subscriptions: ["deployment.error", "deployment.succeeded"] });
    for (const type of ["deployment.created", "deployment.error", "deployment.succeeded", "deployment.promoted"]) {
      expect((await intake.handle(delivery(eventBody(type, { id: "dpl_1" })))).status).toBe(200);
    }
    expect(intake.depth().depth).toBe(2);
    expect(await count("unsubscribed")).toBe(2);
    await intake.stop();
  });

  it("parses the body's id as the dedupe key and its type as the subscription", () => {
    const [event] = webhook.parse(delivery(eventBody("deployment.canceled", { id: "dpl_9" })));
    expect(event).toMatchObject({ dedupeKey: "evt_deployment.canceled_dpl_9", type: "deployment.canceled", subscription: "deployment.canceled" });
    expect(() => webhook.parse(delivery(JSON.stringify({ type: "deployment.created" })))).toThrow();
  });
});

describe("deployment events as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));
  const event = (body: string) => webhook.parse(delivery(body))[0] ?? expect.unreachable();

  it("a failed production deployment: who, which commit, the error and the last build errors, linked", async () => {
    const project = seedProject(h.fake);
    const failed = h.fake.addDeployment(project, {
      created: NOW.getTime() - 120_000,
      target: "production",
      readyState: "ERROR",
      meta: gitMeta("main", "a1b2c3d4e5f6", "Upgrade auth library"),
      errorCode: "BUILD_FAILED",
      errorMessage: 'Command "npm run build" exited with 1',
      events: [
        { type: "stdout", date: NOW.getTime() - 110_000, text: "Compiled with warnings" },
        { type: "stderr", date: NOW.getTime() - 100_000, text: "Error: Cannot find module 'next-auth/providers'", level: "error" },
        { type: "exit", date: NOW.getTime() - 90_000, text: "exit 1" },
      ],
    });
    const [memory] = await webhook.toMemory(event(eventBody("deployment.error", { id: failed.id, url: failed.url })), h.ctx);
    expect(h.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v13/deployments/${failed.id}`, `GET /v3/deployments/${failed.id}/events`]);
    expect(memory).toMatchObject({
      key: `vercel:event:deployment.error:${failed.id}`,
      source: "vercel",
      type: "deployment",
      timestamp: new Date(NOW.getTime() - 1000).toISOString(),
      title: "acme-web production deployment ERROR (main @ a1b2c3d)",
      url: `https://vercel.com/acme/acme-web/${failed.id.slice(4)}`,
    });
    expect(memory?.content).toBe(
      "The production deployment of acme-web failed. " +
        'Vercel production deployment of acme-web failed (BUILD_FAILED: Command "npm run build" exited with 1). ' +
        'Started by ada from acme/web: branch main commit a1b2c3d "Upgrade auth library" by Ada Lovelace. ' +
        `Deployment URL: https://${failed.url}. ` +
        `Last build errors: "Error: Cannot find module 'next-auth/providers'".`,
    );
    expect(memory?.record).toMatchObject({ id: failed.id, state: "ERROR", buildErrors: ["Error: Cannot find module 'next-auth/providers'"] });
  });

  it("a created event reads who started what, with the deployment as it is now", async () => {
    const project = seedProject(h.fake);
    const building = h.fake.addDeployment(project, { created: NOW.getTime() - 5000, readyState: "BUILDING", meta: gitMeta("feature/x", "0123456789ab", "Try x") });
    const [memory] = await webhook.toMemory(event(eventBody("deployment.created", { id: building.id })), h.ctx);
    expect(memory?.content).toMatch(/^ada started a preview deployment of acme-web\. Vercel preview deployment of acme-web is building\. Started by ada from acme\/web: branch feature\/x/);
    expect(h.fake.requests).toHaveLength(1);
  });

  it("writes the event from its payload when the deployment is gone", async () => {
    const [memory] = await webhook.toMemory(event(eventBody("deployment.succeeded", { id: "dpl_deleted", meta: gitMeta("main", "abcdef123456", "Ship it") })), h.ctx);
    expect(memory).toMatchObject({ title: "acme-web production deployment READY (main @ abcdef1)", url: "https://vercel.com/acme/acme-web/deleted" });
    expect(memory?.content).toContain("The production deployment of acme-web succeeded. Vercel production deployment of acme-web succeeded and is ready.");
  });

  it("gives a redelivery under a new id the same memory key, but keeps every promotion", async () => {
    const project = seedProject(h.fake);
    const done = h.fake.addDeployment(project, { created: NOW.getTime() - 60_000, target: "production" });
    const first = await webhook.toMemory(event(eventBody("deployment.succeeded", { id: done.id }, { id: "evt_a" })), h.ctx);
    const again = await webhook.toMemory(event(eventBody("deployment.succeeded", { id: done.id }, { id: "evt_b" })), h.ctx);
    expect(first[0]?.key).toBe(`vercel:event:deployment.succeeded:${done.id}`);
    expect(again[0]?.key).toBe(first[0]?.key);
    const promoted = await webhook.toMemory(event(eventBody("deployment.promoted", { id: done.id }, { id: "evt_c" })), h.ctx);
    expect(promoted[0]?.key).toBe("vercel:event:evt_c");
    expect(promoted[0]?.content).toMatch(/^A deployment of acme-web was promoted to production\./);
  });

  it("stores nothing for event types it does not model", async () => {
    const body = JSON.stringify({ id: "evt_p", type: "project.created", createdAt: NOW.getTime(), payload: { project: { id: "prj_1", name: "x" } } });
    expect(await webhook.toMemory(event(body), h.ctx)).toEqual([]);
    expect(h.fake.requests).toHaveLength(0);
  });
});
