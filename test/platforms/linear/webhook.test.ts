import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest, WebhookDefinition } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/linear/index.js";
import type { LinearApi } from "../../../services/platforms/linear/api/index.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, SETTINGS, startHarness } from "./harness.js";
import { webhookContext } from "../../support/webhook-intake.js";

const SECRET = "lin_wh_3f0c9d2e8b7a6f5e4d3c2b1a";
const webhook = definition.webhook as WebhookDefinition<LinearApi>;

const context = (now: Date = NOW) => webhookContext({ settings: SETTINGS, now });

/** Linear's documented scheme, independently of the runtime verifier: hex HMAC-SHA256 of the raw body. */
function sign(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

function delivery(payload: Record<string, unknown> | string, options: { secret?: string; deliveryId?: string } = {}): RawWebhookRequest {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return {
    method: "POST",
    url: "/webhook/linear/events",
    publicUrl: "https://hooks.example.com/webhook/linear/events",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "linear-signature": sign(options.secret ?? SECRET, body),
      "linear-delivery": options.deliveryId ?? "234d1a4e-b617-4388-90fe-adc3633d6b72",
      "linear-event": typeof payload === "string" ? "Issue" : String(payload.type),
      "user-agent": "Linear-Webhook",
    },
    rawBody: Buffer.from(body),
    receivedAt: NOW,
  };
}

const issueEvent = (overrides: Record<string, unknown> = {}) => ({
  action: "update",
  type: "Issue",
  createdAt: "2026-11-20T11:59:59.000Z",
  actor: { id: "usr-1", name: "Ada Lovelace", type: "user" },
  data: { id: "iss-x", identifier: "ENG-1", title: "Checkout button does nothing on Safari" },
  updatedFrom: { stateId: "st-old", assigneeId: null, updatedAt: "2026-11-19T00:00:00.000Z" },
  url: "https://linear.app/acme/issue/ENG-1/checkout-button",
  organizationId: "org-1",
  webhookId: "wh-1",
  webhookTimestamp: NOW.getTime(),
  ...overrides,
});

describe("Linear-Signature", () => {
  const verify = (request: RawWebhookRequest, secret = SECRET, now = NOW) =>
    webhook.verifier({ LINEAR_WEBHOOK_SECRET: secret, LINEAR_API_KEY: "x" }, context(now))(request);

  it("accepts the hex HMAC of the raw body with a fresh webhookTimestamp", async () => {
    expect(await verify(delivery(issueEvent()))).toEqual({ ok: true });
  });

  it("rejects a tampered body and a signature made with another secret", async () => {
    const request = delivery(issueEvent());
    expect(await verify({ ...request, rawBody: Buffer.from(request.rawBody.toString().replace("Safari", "Chrome")) })).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(await verify(delivery(issueEvent(), { secret: "another-secret" }))).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(await verify(delivery(issueEvent()), "")).toMatchObject({ ok: false, reason: "no signing secret configured" });
  });

  it("rejects a webhookTimestamp more than 60 s away, and a captured delivery replayed a minute later", async () => {
    expect(await verify(delivery(issueEvent({ webhookTimestamp: NOW.getTime() - 61_000 })))).toMatchObject({ ok: false, reason: "stale timestamp" });
    expect(await verify(delivery(issueEvent({ webhookTimestamp: NOW.getTime() + 61_000 })))).toMatchObject({ ok: false, reason: "timestamp in the future" });
    const captured = delivery(issueEvent());
    expect(await verify(captured, SECRET, new Date(NOW.getTime() + 30_000))).toEqual({ ok: true });
    expect(await verify(captured, SECRET, new Date(NOW.getTime() + 61_000))).toMatchObject({ ok: false, reason: "stale timestamp" });
  });

  it("checks the signature before reading the body, and rejects a signed body without a timestamp", async () => {
    const garbage = { ...delivery("not json"), headers: { ...delivery("not json").headers, "linear-signature": "00".repeat(32) } };
    expect(await verify(garbage)).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(await verify(delivery("not json"))).toMatchObject({ ok: false, reason: "missing timestamp" });
    expect(await verify(delivery(issueEvent({ webhookTimestamp: undefined })))).toMatchObject({ ok: false, reason: "missing timestamp" });
  });
});

describe("Linear delivery parsing", () => {
  it("keys the event by the Linear-Delivery header, so a redelivery is a duplicate", () => {
    const id = randomUUID();
    const first = webhook.parse(delivery(issueEvent(), { deliveryId: id }));
    const again = webhook.parse(delivery(issueEvent({ webhookTimestamp: NOW.getTime() + 5_000 }), { deliveryId: id }));
    expect(first).toEqual([{ dedupeKey: id, type: "Issue.update", subscription: "Issue", payload: expect.objectContaining({ type: "Issue", action: "update" }) }]);
    expect(again.map((e) => e.dedupeKey)).toEqual([id]);
  });

  it("throws on a body that is not a Linear webhook", () => {
    expect(() => webhook.parse(delivery({ hello: "world" }))).toThrow();
  });
});

describe("Linear events as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));
  const toMemory = (payload: Record<string, unknown>) => webhook.toMemory(webhook.parse(delivery(payload, { deliveryId: "d-1" }))[0] ?? expect.unreachable(), h.ctx);

  it("enriches an issue update with the issue as it is now and says what changed", async () => {
    const issue = h.fake.addIssue({ teamId: h.ws.eng, title: "Checkout button does nothing on Safari", description: "Pay does nothing.", priority: 2, stateId: h.ws.states.done, assigneeId: h.ws.grace, labelIds: [h.ws.labels.bug] });
    const [memory] = await toMemory(issueEvent({ data: { id: issue.id, identifier: "ENG-1" } }));
    expect(h.fake.requests.at(-1)?.body.operationName).toBe("Issue");
    expect(memory).toMatchObject({ key: "linear:event:d-1", source: "linear", type: "issue", timestamp: "2026-11-20T11:59:59.000Z", title: "ENG-1: Checkout button does nothing on Safari", url: "https://linear.app/acme/issue/eng-1" });
    expect(memory?.content).toBe(
      "Ada Lovelace updated ENG-1 (state, assignee). ENG-1 moved to Done. " +
        'Linear issue ENG-1 "Checkout button does nothing on Safari" in team Engineering (ENG). State: Done (completed). Priority: High. Assignee: Grace Hopper. Labels: Bug. Description: Pay does nothing.',
    );
  });

  it("writes a removed issue from the payload without calling Linear", async () => {
    const [memory] = await toMemory(issueEvent({ action: "remove", updatedFrom: undefined }));
    expect(h.fake.requests).toHaveLength(0);
    expect(memory?.content).toBe('ENG-1 was deleted. Linear issue ENG-1 "Checkout button does nothing on Safari".');
  });

  it("keeps an update whose issue is already gone", async () => {
    const [memory] = await toMemory(issueEvent({ data: { id: "iss-gone", identifier: "ENG-404", title: "Gone" } }));
    expect(memory?.content).toBe('Ada Lovelace updated ENG-404 (state, assignee). Linear issue ENG-404 "Gone".');
  });

  it("writes comments and projects from the payload", async () => {
    const [comment] = await toMemory({
      ...issueEvent(),
      action: "create",
      type: "Comment",
      updatedFrom: undefined,
      data: { id: "c-1", body: "Reproduced on **Safari 18.1**", createdAt: "2026-11-20T11:58:00.000Z", issueId: "iss-x", issue: { id: "iss-x", identifier: "ENG-1", title: "Checkout button" }, user: { id: "u", name: "Grace Hopper" } },
    });
    expect(comment).toMatchObject({ type: "comment", timestamp: "2026-11-20T11:58:00.000Z", title: 'Comment on ENG-1 "Checkout button"' });
    expect(comment?.content).toBe('Grace Hopper commented on Linear issue ENG-1 "Checkout button": Reproduced on **Safari 18.1**');

    const [project] = await toMemory({
      ...issueEvent(),
      type: "Project",
      data: { id: "p-1", name: "Checkout revamp", description: "Rebuild checkout", status: { name: "In Progress" }, targetDate: "2026-12-15", lead: { name: "Ada Lovelace" } },
    });
    expect(project?.content).toBe('Ada Lovelace updated Linear project "Checkout revamp". Linear project "Checkout revamp". Status: In Progress. Lead: Ada Lovelace. Target date: 2026-12-15. Description: Rebuild checkout');
    expect(h.fake.requests).toHaveLength(0);
  });

  it("acknowledges types it does not remember without storing anything", async () => {
    expect(await toMemory({ ...issueEvent(), type: "Reaction", data: { id: "r-1", emoji: "+1" } })).toEqual([]);
  });
});
