import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { RawWebhookRequest, WebhookDefinition } from "../../../services/runtime/contract.js";
import { facts } from "../../../services/platforms/hubspot/facts.js";
import { definition } from "../../../services/platforms/hubspot/index.js";
import { integrationWebhookUrl, publicUrlOf } from "../../../services/runtime/webhook-url.js";
import type { HubspotApi } from "../../../services/platforms/hubspot/api/index.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { type Harness, NOW, SETTINGS, startHarness } from "./harness.js";

const SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const PUBLIC_URL = "https://hooks.example.com/webhook/hubspot/events";
const webhook = definition.webhook as WebhookDefinition<HubspotApi>;

const context = (now: Date = NOW) => webhookContext({ settings: SETTINGS, now });

/** HubSpot's documented v3 algorithm, written out independently of the runtime's verifier. */
function signV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${method}${uri}${body}${timestamp}`, "utf8").digest("base64");
}

function delivery(body: string, options: { at?: Date; publicUrl?: string; signedUri?: string; secret?: string } = {}): RawWebhookRequest {
  const timestamp = String((options.at ?? NOW).getTime());
  const publicUrl = options.publicUrl ?? PUBLIC_URL;
  return {
    method: "POST",
    url: new URL(publicUrl).pathname + new URL(publicUrl).search,
    publicUrl,
    headers: {
      "content-type": "application/json",
      "x-hubspot-request-timestamp": timestamp,
      "x-hubspot-signature-v3": signV3(options.secret ?? SECRET, "POST", options.signedUri ?? publicUrl, body, timestamp),
      "x-hubspot-signature-version": "v3",
    },
    rawBody: Buffer.from(body, "utf8"),
    receivedAt: NOW,
  };
}

const EVENTS = [
  { eventId: 100, subscriptionId: 5, portalId: 62515, appId: 54321, occurredAt: NOW.getTime() - 1000, subscriptionType: "contact.creation", attemptNumber: 0, objectId: 0, changeSource: "CRM", changeFlag: "NEW" },
  { eventId: 101, subscriptionId: 6, portalId: 62515, appId: 54321, occurredAt: NOW.getTime() - 500, subscriptionType: "deal.propertyChange", attemptNumber: 0, objectId: 0, propertyName: "dealstage", propertyValue: "closedwon", changeSource: "CRM" },
];
const BODY = JSON.stringify(EVENTS);

describe("HubSpot v3 signature", () => {
  const verify = (request: RawWebhookRequest, secret = SECRET, now = NOW) =>
    webhook.verifier({ HUBSPOT_CLIENT_SECRET: secret, HUBSPOT_ACCESS_TOKEN: "x" }, context(now))(request);

  it("accepts a delivery signed over method, public URI, body and timestamp", async () => {
    expect(await verify(delivery(BODY))).toEqual({ ok: true });
  });

  it("accepts a URI whose reserved characters HubSpot decoded before signing", async () => {
    const publicUrl = `${PUBLIC_URL}?source=crm%3Aui&tags=a%2Cb`;
    const request = delivery(BODY, { publicUrl, signedUri: `${PUBLIC_URL}?source=crm:ui&tags=a,b` });
    expect(await verify(request)).toEqual({ ok: true });
  });

  it("checks against HUBSPOT_WEBHOOK_URL when the operator registered a URL of their own (the URL the runtime says HubSpot called)", async () => {
    const registered = "https://crm-hooks.acme.test/hubspot";
    const calledAs = (credentials: Record<string, string>) =>
      publicUrlOf("/webhook/hubspot/events?portal=1", integrationWebhookUrl(facts, credentials, { webhookPublicUrl: new URL(PUBLIC_URL) }), "http://mcp-hubspot:9002");
    const credentials = { HUBSPOT_CLIENT_SECRET: SECRET, HUBSPOT_WEBHOOK_URL: registered };
    const request = delivery(BODY, { publicUrl: calledAs(credentials), signedUri: `${registered}?portal=1` });
    expect(await webhook.verifier(credentials, context())(request)).toEqual({ ok: true });
    const withoutOverride = delivery(BODY, { publicUrl: calledAs({ HUBSPOT_CLIENT_SECRET: SECRET }), signedUri: `${registered}?portal=1` });
    expect(await verify(withoutOverride)).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("rejects a signature made for another URI (the one behind the proxy)", async () => {
    const request = delivery(BODY, { signedUri: "http://mcp-hubspot:9002/webhook/hubspot/events" });
    expect(await verify(request)).toMatchObject({ ok: false });
  });

  it("rejects a tampered body", async () => {
    const request = delivery(BODY);
    const tampered = { ...request, rawBody: Buffer.from(BODY.replace("closedwon", "closedlost")) };
    expect(await verify(tampered)).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("rejects a delivery signed with another secret, and any delivery when no secret is configured", async () => {
    expect(await verify(delivery(BODY, { secret: "someone-elses-secret" }))).toMatchObject({ ok: false });
    expect(await verify(delivery(BODY), "")).toMatchObject({ ok: false, reason: "no signing secret configured" });
  });

  it("rejects a timestamp older than five minutes, and a captured delivery replayed later", async () => {
    const sixMinutesAgo = new Date(NOW.getTime() - 6 * 60_000);
    expect(await verify(delivery(BODY, { at: sixMinutesAgo }))).toMatchObject({ ok: false, reason: "stale timestamp" });
    const captured = delivery(BODY);
    expect(await verify(captured)).toEqual({ ok: true });
    expect(await verify(captured, SECRET, new Date(NOW.getTime() + 5 * 60_000 + 1))).toMatchObject({ ok: false, reason: "stale timestamp" });
  });

  it("rejects a delivery without the signature headers", async () => {
    const { "x-hubspot-signature-v3": _removed, ...headers } = delivery(BODY).headers;
    expect(await verify({ ...delivery(BODY), headers })).toMatchObject({ ok: false });
  });
});

describe("HubSpot delivery parsing", () => {
  it("splits the batch into events keyed by portal, subscription and eventId", () => {
    const events = webhook.parse(delivery(BODY));
    expect(events.map((e) => [e.dedupeKey, e.type])).toEqual([
      ["62515:5:100", "contact.creation"],
      ["62515:6:101", "deal.propertyChange"],
    ]);
  });

  it("gives a retried delivery (higher attemptNumber) the same dedupe keys", () => {
    const retried = JSON.stringify(EVENTS.map((event) => ({ ...event, attemptNumber: 3 })));
    expect(webhook.parse(delivery(retried)).map((e) => e.dedupeKey)).toEqual(webhook.parse(delivery(BODY)).map((e) => e.dedupeKey));
  });

  it("throws on a body that is not an array of events", () => {
    expect(() => webhook.parse(delivery(JSON.stringify({ eventId: 1 })))).toThrow();
    expect(() => webhook.parse(delivery("[]"))).toThrow();
  });
});

describe("HubSpot batches at the intake", () => {
  const startIntake = intakesForEachTest();
  const intakeWith = (settings: IntegrationSettings) => startIntake({ platform: "hubspot", definition: webhook, credentials: { HUBSPOT_CLIENT_SECRET: SECRET }, settings, now: NOW });

  const batch = (types: readonly string[], firstId: number) =>
    JSON.stringify(types.map((subscriptionType, i) => ({ ...EVENTS[0], eventId: firstId + i, subscriptionType })));

  it("keeps only the subscribed event types of a batch, acknowledging the rest", async () => {
    const { intake, count } = intakeWith({ ...SETTINGS, event_subscriptions: ["contact.creation", "deal.creation"] });
    const answer = await intake.handle(delivery(batch(["contact.creation", "deal.propertyChange", "deal.creation", "company.creation"], 200)));
    expect(answer).toMatchObject({ status: 200, body: { received: 4 } });
    expect(intake.depth().depth).toBe(2);
    expect(await count("unsubscribed")).toBe(2);
    await intake.stop();
  });

  it("spends webhook_events_per_minute per event, not per request", async () => {
    const { intake, count } = intakeWith({ ...SETTINGS, rate_limits: { webhook_events_per_minute: 5 } });
    expect((await intake.handle(delivery(batch(["contact.creation", "contact.creation", "contact.creation"], 300)))).status).toBe(200);
    expect((await intake.handle(delivery(batch(["deal.creation", "deal.creation", "deal.creation"], 400)))).status).toBe(429);
    expect(intake.depth().depth).toBe(3);
    expect(await count("rate_limited")).toBe(1);
    await intake.stop();
  });
});

describe("HubSpot events as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));

  function event(overrides: Record<string, unknown>) {
    const payload = { ...EVENTS[0], ...overrides };
    return webhook.parse(delivery(JSON.stringify([payload])))[0] ?? expect.unreachable();
  }

  it("enriches a contact creation with the contact's details", async () => {
    const contact = h.fake.addObject("contacts", { firstname: "Ada", lastname: "Lovelace", email: "ada@acme.test", company: "Acme", jobtitle: "CTO", lifecyclestage: "lead" });
    const [memory] = await webhook.toMemory(event({ objectId: Number(contact.id) }), h.ctx);
    expect(h.fake.requests.at(-1)?.path).toBe(`/crm/v3/objects/contacts/${contact.id}`);
    expect(memory).toMatchObject({
      key: "hubspot:event:62515:5:100",
      source: "hubspot",
      type: "contact",
      timestamp: new Date(NOW.getTime() - 1000).toISOString(),
      title: "Ada Lovelace (HubSpot contact): creation",
      url: `https://app.hubspot.com/contacts/62515/record/0-1/${contact.id}`,
    });
    expect(memory?.content).toBe("New HubSpot contact created. HubSpot contact Ada Lovelace, CTO at Acme. Email: ada@acme.test. Lifecycle stage: lead.");
  });

  it("names the new deal stage by its label", async () => {
    h.fake.pipelines.deals = [
      { id: "default", label: "Sales", displayOrder: 0, stages: [{ id: "closedwon", label: "Closed won", displayOrder: 0, metadata: { probability: "1.0", isClosed: "true" } }] },
    ];
    const deal = h.fake.addObject("deals", { dealname: "Acme renewal", amount: "12000", dealstage: "closedwon" });
    const [memory] = await webhook.toMemory(
      event({ eventId: 101, subscriptionType: "deal.propertyChange", objectId: Number(deal.id), propertyName: "dealstage", propertyValue: "closedwon" }),
      h.ctx,
    );
    expect(memory?.content).toBe('dealstage changed to "Closed won". HubSpot deal Acme renewal. Amount: 12000. Stage: Closed won.');
    expect(memory?.title).toBe("Acme renewal (HubSpot deal): dealstage changed");
    expect(memory?.record).toMatchObject({ resolved: { stage: "Closed won" } });
  });

  it("writes deletions and merges from the event alone, without calling HubSpot", async () => {
    const [deleted] = await webhook.toMemory(event({ subscriptionType: "company.deletion", objectId: 77 }), h.ctx);
    expect(deleted?.content).toBe("HubSpot company 77 was deleted.");
    const [merged] = await webhook.toMemory(event({ subscriptionType: "contact.merge", objectId: 5, primaryObjectId: 5, mergedObjectIds: [6, 7] }), h.ctx);
    expect(merged?.content).toBe("HubSpot contacts 6, 7 were merged into contact 5.");
    expect(h.fake.requests).toHaveLength(0);
  });

  it("keeps the event when the record is already gone", async () => {
    const [memory] = await webhook.toMemory(event({ subscriptionType: "contact.propertyChange", objectId: 424242, propertyName: "email", propertyValue: "x@y.test" }), h.ctx);
    expect(h.fake.requests.at(-1)?.status).toBe(404);
    expect(memory?.content).toBe('HubSpot contact 424242: contact.propertyChange (email = "x@y.test").');
  });

  it("stores nothing for object types it does not model", async () => {
    expect(await webhook.toMemory(event({ subscriptionType: "conversation.creation" }), h.ctx)).toEqual([]);
  });
});
