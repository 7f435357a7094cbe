/**
 * Airbyte sync notifications: the URL token (the only proof an unsigned sender gives), dedupe and
 * event_subscriptions at the intake, and the rule that the body is never trusted: nothing is stored
 * until GET /jobs/{id} confirms the job, and what is stored comes from the API, not the body.
 */
import { describe, expect, it } from "vitest";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { AirbyteApi } from "../../../services/platforms/airbyte/api/index.js";
import { definition } from "../../../services/platforms/airbyte/index.js";
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { type Harness, NOW, SETTINGS, seedWorkspace, startHarness } from "./harness.js";

const TOKEN = "9f2c7d1e4b8a4c6f8e0d2a1b3c5e7f90";
const PUBLIC_URL = "https://hooks.example.com/webhook/airbyte/events";
const webhook = definition.webhook as WebhookDefinition<AirbyteApi>;

const context = (now: Date = NOW) => webhookContext({ settings: SETTINGS, now });

/** A notification as Airbyte posts it to the URL registered in the workspace settings (written out here, not by our code). */
function notification(body: unknown, query = `?token=${TOKEN}`): RawWebhookRequest {
  return {
    method: "POST",
    url: `/webhook/airbyte/events${query}`,
    publicUrl: `${PUBLIC_URL}${query}`,
    headers: { "content-type": "application/json" },
    rawBody: Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8"),
    receivedAt: NOW,
  };
}

/** Airbyte's sync summary, in the shape of its notification template (the zulip fixture mirrors it). */
function summary(jobId: number, success: boolean, connectionId = "4b5a0c52-1d7e-4f3e-9d3b-2c0e8f6a7b10", extra: Record<string, unknown> = {}) {
  return {
    text: success ? "Sync succeeded" : "Sync failed",
    data: {
      workspace: { id: "11111111-2222-4333-8444-555555555555", name: "Workspace1", url: "https://cloud.airbyte.com/workspaces/1" },
      connection: { id: connectionId, name: "Connection", url: "https://cloud.airbyte.com/workspaces/1/connections/2" },
      source: { id: "s", name: "PostgreSQL", url: "https://cloud.airbyte.com/s" },
      destination: { id: "d", name: "BigQuery", url: "https://cloud.airbyte.com/d" },
      jobId,
      startedAt: "2026-11-20T11:00:00Z",
      finishedAt: "2026-11-20T11:05:00Z",
      bytesEmitted: 1000,
      bytesCommitted: 1000,
      recordsEmitted: 89,
      recordsCommitted: 89,
      success,
      durationInSeconds: 300,
      errorMessage: success ? null : "Connection timeout while trying to sync data",
      ...extra,
    },
  };
}

describe("Airbyte notification URL token", () => {
  const verify = (request: RawWebhookRequest, token = TOKEN) => webhook.verifier({ AIRBYTE_WEBHOOK_TOKEN: token }, context())(request);

  it("accepts a notification whose URL carries the configured token", async () => {
    expect(await verify(notification(summary(1, true)))).toEqual({ ok: true });
    expect(await verify(notification(summary(1, true), `?foo=bar&token=${TOKEN}`))).toEqual({ ok: true });
  });

  it("rejects a missing, wrong, truncated or differently cased token", async () => {
    expect(await verify(notification(summary(1, true), ""))).toMatchObject({ ok: false });
    expect(await verify(notification(summary(1, true), "?token="))).toMatchObject({ ok: false });
    expect(await verify(notification(summary(1, true), "?token=not-the-token"))).toMatchObject({ ok: false });
    expect(await verify(notification(summary(1, true), `?token=${TOKEN.slice(0, -1)}`))).toMatchObject({ ok: false });
    expect(await verify(notification(summary(1, true), `?token=${TOKEN.toUpperCase()}`))).toMatchObject({ ok: false });
    // the right token under another name is not the token
    expect(await verify(notification(summary(1, true), `?secret=${TOKEN}`))).toMatchObject({ ok: false });
  });

  it("rejects everything when no token is configured (wrong secret on our side)", async () => {
    expect(await verify(notification(summary(1, true)), "")).toMatchObject({ ok: false });
    expect(await verify(notification(summary(1, true)), "another-token")).toMatchObject({ ok: false });
  });
});

describe("Airbyte notification parsing", () => {
  it("turns a sync summary into one event keyed by job id and outcome, in the subscription vocabulary", () => {
    expect(webhook.parse(notification(summary(9988, false)))).toEqual([
      { dedupeKey: "9988:failed", type: "sync_failed", subscription: "sync_failed", payload: { jobId: 9988, success: false, connectionId: "4b5a0c52-1d7e-4f3e-9d3b-2c0e8f6a7b10" } },
    ]);
    expect(webhook.parse(notification(summary(9988, true)))[0]).toMatchObject({ dedupeKey: "9988:succeeded", subscription: "sync_succeeded" });
  });

  it("keeps only the claim: names, counts and the error text of the body are not carried", () => {
    const [event] = webhook.parse(notification(summary(7, false)));
    expect(event?.payload).toEqual({ jobId: 7, success: false, connectionId: "4b5a0c52-1d7e-4f3e-9d3b-2c0e8f6a7b10" });
  });

  it("acknowledges notifications without a job (test message, schema change) with no event, and refuses a body that is not JSON", () => {
    expect(webhook.parse(notification({ text: "Hello World! This is a test from Airbyte" }))).toEqual([]);
    expect(webhook.parse(notification({ data: { connection: { id: "x" }, breakingChange: true } }))).toEqual([]);
    expect(() => webhook.parse(notification("not json"))).toThrow();
  });
});

describe("Airbyte notifications at the intake", () => {
  const startIntake = intakesForEachTest();
  const intakeWith = (settings: IntegrationSettings) => startIntake({ platform: "airbyte", definition: webhook, credentials: { AIRBYTE_WEBHOOK_TOKEN: TOKEN }, settings, now: NOW });

  it("answers 401 to a wrong token and stores nothing", async () => {
    const { intake } = intakeWith(SETTINGS);
    expect((await intake.handle(notification(summary(1, true), "?token=guess"))).status).toBe(401);
    expect(intake.depth().depth).toBe(0);
    await intake.stop();
  });

  it("stores a replayed notification once", async () => {
    const { intake, count } = intakeWith(SETTINGS);
    expect((await intake.handle(notification(summary(42, true)))).status).toBe(200);
    expect(await intake.handle(notification(summary(42, true)))).toMatchObject({ status: 200, body: { duplicates: 1 } });
    expect(intake.depth().depth).toBe(1);
    expect(await count("deduplicated")).toBe(1);
    await intake.stop();
  });

  it("acknowledges and drops outcomes the integration does not subscribe to", async () => {
    const { intake, count } = intakeWith({ ...SETTINGS, event_subscriptions: ["sync_failed"] });
    expect((await intake.handle(notification(summary(50, true)))).status).toBe(200);
    expect((await intake.handle(notification(summary(51, false)))).status).toBe(200);
    expect(intake.depth().depth).toBe(1);
    expect(await count("unsubscribed")).toBe(1);
    await intake.stop();
  });
});

describe("Airbyte notifications are confirmed with GET /jobs/{id} before anything is stored", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));

  const eventOf = (body: unknown): WebhookEvent => {
    const [event] = webhook.parse(notification(body));
    if (!event) throw new Error("no event");
    return event;
  };
  const jobLookups = () => h.fake.requests.filter((r) => r.method === "GET" && /^\/v1\/jobs\/\d+$/.test(r.path)).map((r) => r.path);

  it("remembers a confirmed failure from the API's answer, with names looked up and a link", async () => {
    const { workspace, connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "failed", startTime: "2026-11-20T09:10:00Z", lastUpdatedAt: "2026-11-20T09:13:05Z", duration: "PT3M5S", rowsSynced: 0, bytesSynced: 0 });
    const memories = await webhook.toMemory(eventOf(summary(job.jobId, false, connection.connectionId)), h.ctx);
    expect(jobLookups()).toEqual([`/v1/jobs/${job.jobId}`]);
    expect(memories).toEqual([
      {
        key: `airbyte:job:${job.jobId}:failed`,
        source: "airbyte",
        type: "job",
        timestamp: "2026-11-20T09:13:05.000Z",
        title: "Airbyte sync failed: Postgres → Warehouse",
        content:
          'The Airbyte sync of connection "Postgres → Warehouse", from Postgres prod to Warehouse (bigquery), ' +
          `failed on 2026-11-20 at 09:13 UTC after 3 min 5 s: 0 rows, 0 B synced. Job ${job.jobId}, started 2026-11-20 at 09:10 UTC.`,
        record: expect.objectContaining({ jobId: job.jobId, status: "failed", finished: true, durationSeconds: 185 }),
        url: `https://cloud.airbyte.com/workspaces/${workspace.workspaceId}/connections/${connection.connectionId}`,
      },
    ]);
    // nothing from the body: its names, counts and error text
    expect(JSON.stringify(memories)).not.toMatch(/timeout|PostgreSQL|BigQuery|89 rows/);
  });

  it("stores nothing when the body claims success for a job the API says failed (a tampered body)", async () => {
    const { connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "failed", startTime: "2026-11-20T09:10:00Z" });
    expect(await webhook.toMemory(eventOf(summary(job.jobId, true, connection.connectionId)), h.ctx)).toEqual([]);
    expect(jobLookups()).toEqual([`/v1/jobs/${job.jobId}`]);
  });

  it("stores nothing for a job the API does not know", async () => {
    seedWorkspace(h.fake);
    expect(await webhook.toMemory(eventOf(summary(123456, true)), h.ctx)).toEqual([]);
    expect(jobLookups()).toEqual(["/v1/jobs/123456"]);
  });

  it("stores nothing when the job belongs to another connection than the body names", async () => {
    const { connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T09:10:00Z" });
    expect(await webhook.toMemory(eventOf(summary(job.jobId, true, "00000000-0000-4000-8000-000000000000")), h.ctx)).toEqual([]);
  });

  it("stores nothing for a job that has not finished (the jobs sync records how it ends)", async () => {
    const { connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "running", startTime: "2026-11-20T09:10:00Z" });
    expect(await webhook.toMemory(eventOf(summary(job.jobId, true, connection.connectionId)), h.ctx)).toEqual([]);
  });

  it("still remembers a confirmed job whose connection was deleted since, by its ids", async () => {
    const { connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T09:10:00Z", duration: "PT1H2M", rowsSynced: 1500, bytesSynced: 2_500_000 });
    h.fake.connections.splice(0);
    const [memory] = await webhook.toMemory(eventOf(summary(job.jobId, true, connection.connectionId)), h.ctx);
    expect(memory?.content).toBe(
      `The Airbyte sync of connection ${connection.connectionId} succeeded on 2026-11-20 at 09:10 UTC after 1 h 2 min: 1500 rows, 2.5 MB synced. Job ${job.jobId}, started 2026-11-20 at 09:10 UTC.`,
    );
    expect(memory?.url).toBeUndefined();
  });

  it("lets an API failure other than 404 propagate, so the inbox retries", async () => {
    const { connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T09:10:00Z" });
    for (let i = 0; i < 4; i += 1) h.fake.failNext({ status: 503, body: { title: "unavailable", status: 503 } }, `/v1/jobs/${job.jobId}`);
    await expect(webhook.toMemory(eventOf(summary(job.jobId, true, connection.connectionId)), h.ctx)).rejects.toMatchObject({ name: "UpstreamError", status: 503 });
  });
});
