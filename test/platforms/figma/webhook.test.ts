/**
 * Figma webhooks v2: the passcode in the body, checked in constant time; PING answered once
 * verified; dedupe of retried and replayed deliveries; event_subscriptions; events as memories.
 * Bodies are written here as Figma documents them (WebhookBasePayload and the event payloads of
 * figma/rest-api-spec), independently of the code under test.
 */
import { describe, expect, it } from "vitest";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { RawWebhookRequest, WebhookDefinition } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/figma/index.js";
import type { FigmaApi } from "../../../services/platforms/figma/api/index.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { type Harness, NOW, PASSCODE, SETTINGS, startHarness } from "./harness.js";

const webhook = definition.webhook as WebhookDefinition<FigmaApi>;
const FILE_KEY = "Fk3xA9checkout22keyAB";
const ada = { id: "1001", handle: "Ada Lovelace", img_url: "https://s3-alpha.figma.com/profile/ada" };
const grace = { id: "1002", handle: "Grace Hopper", img_url: "https://s3-alpha.figma.com/profile/grace" };

const context = (now: Date = NOW) => webhookContext({ settings: SETTINGS, now });

const base = (passcode = PASSCODE) => ({ passcode, timestamp: "2026-11-20T11:59:00Z", webhook_id: "22" });
const BODIES = {
  PING: { ...base(), event_type: "PING" },
  FILE_UPDATE: { ...base(), event_type: "FILE_UPDATE", file_key: FILE_KEY, file_name: "Checkout flows" },
  FILE_COMMENT: {
    ...base(),
    event_type: "FILE_COMMENT",
    file_key: FILE_KEY,
    file_name: "Checkout flows",
    comment_id: "9001",
    created_at: "2026-11-20T11:58:59Z",
    comment: [{ text: "Pay button is too small, " }, { mention: "1002" }, { text: " can you check?" }],
    mentions: [grace],
    triggered_by: ada,
  },
  FILE_VERSION_UPDATE: {
    ...base(),
    event_type: "FILE_VERSION_UPDATE",
    file_key: FILE_KEY,
    file_name: "Checkout flows",
    version_id: "7788",
    label: "Ready for review",
    description: "New payment step",
    created_at: "2026-11-20T11:58:00Z",
    triggered_by: ada,
  },
  FILE_DELETE: { ...base(), event_type: "FILE_DELETE", file_key: FILE_KEY, file_name: "Old checkout", triggered_by: grace },
  LIBRARY_PUBLISH: {
    ...base(),
    event_type: "LIBRARY_PUBLISH",
    file_key: FILE_KEY,
    file_name: "Acme DS",
    created_components: [{ key: "c1", name: "Button/Ghost" }],
    modified_components: [{ key: "c2", name: "Button/Primary" }, { key: "c3", name: "Input" }],
    deleted_components: [],
    created_styles: [],
    modified_styles: [{ key: "s1", name: "Brand/Green" }],
    deleted_styles: [],
    created_variables: [],
    modified_variables: [],
    deleted_variables: [],
    description: "Ghost buttons",
    library_item: { key: "lib", name: "Acme DS" },
    triggered_by: grace,
  },
  DEV_MODE_STATUS_UPDATE: {
    ...base(),
    event_type: "DEV_MODE_STATUS_UPDATE",
    file_key: FILE_KEY,
    file_name: "Checkout flows",
    node_id: "12:34",
    status: "READY_FOR_DEV",
    related_links: [{ id: "d1", name: "PAY-12", url: "https://linear.app/acme/issue/PAY-12", file_key: FILE_KEY, node_id: "12:34" }],
    triggered_by: ada,
  },
} as const;

function delivery(body: unknown, raw = JSON.stringify(body)): RawWebhookRequest {
  return {
    method: "POST",
    url: "/webhook/figma/events",
    publicUrl: "https://hooks.example.com/webhook/figma/events",
    headers: { "content-type": "application/json" },
    rawBody: Buffer.from(raw, "utf8"),
    receivedAt: NOW,
  };
}

describe("Figma passcode verification", () => {
  const verify = (request: RawWebhookRequest, passcode = PASSCODE) => webhook.verifier({ FIGMA_ACCESS_TOKEN: "x", FIGMA_WEBHOOK_PASSCODE: passcode }, context())(request);

  it("accepts every event type carrying the webhook's passcode", async () => {
    for (const body of Object.values(BODIES)) expect(await verify(delivery(body)), body.event_type).toEqual({ ok: true });
  });

  it("rejects a passcode altered in transit, one character or one case off, or padded", async () => {
    for (const wrong of [`${PASSCODE.slice(0, -1)}f`, PASSCODE.toUpperCase(), `${PASSCODE} `, PASSCODE.slice(1)]) {
      expect(await verify(delivery({ ...BODIES.FILE_UPDATE, passcode: wrong }))).toEqual({ ok: false, reason: "passcode mismatch" });
    }
  });

  it("rejects a delivery made for another webhook's passcode, and everything when no passcode is configured", async () => {
    expect(await verify(delivery(BODIES.FILE_COMMENT), "someone else's passcode")).toMatchObject({ ok: false, reason: "passcode mismatch" });
    expect(await verify(delivery(BODIES.FILE_COMMENT), "")).toMatchObject({ ok: false, reason: "no passcode configured" });
    expect(await webhook.verifier({ FIGMA_ACCESS_TOKEN: "x" }, context())(delivery(BODIES.FILE_COMMENT))).toMatchObject({ ok: false, reason: "no passcode configured" });
  });

  it("rejects a body without a passcode, with a non-string one, and one that is not JSON", async () => {
    const { passcode: _p, ...without } = BODIES.FILE_UPDATE;
    expect(await verify(delivery(without))).toMatchObject({ ok: false, reason: "missing passcode" });
    expect(await verify(delivery({ ...BODIES.FILE_UPDATE, passcode: 12345 }))).toMatchObject({ ok: false, reason: "missing passcode" });
    expect(await verify(delivery(null, `{"passcode":"${PASSCODE}"`))).toMatchObject({ ok: false, reason: "body is not JSON" });
    expect(await verify(delivery([PASSCODE]))).toMatchObject({ ok: false });
  });
});

describe("Figma delivery parsing", () => {
  it("keys each event by webhook, type, file and timestamp, plus its comment, version or node id, and drops the passcode", () => {
    const keys = Object.values(BODIES).flatMap((body) => webhook.parse(delivery(body)).map((e) => [e.type, e.subscription, e.dedupeKey]));
    expect(keys).toEqual([
      ["FILE_UPDATE", "FILE_UPDATE", `22:FILE_UPDATE:${FILE_KEY}:2026-11-20T11:59:00Z`],
      ["FILE_COMMENT", "FILE_COMMENT", `22:FILE_COMMENT:${FILE_KEY}:2026-11-20T11:59:00Z:9001`],
      ["FILE_VERSION_UPDATE", "FILE_VERSION_UPDATE", `22:FILE_VERSION_UPDATE:${FILE_KEY}:2026-11-20T11:59:00Z:7788`],
      ["FILE_DELETE", "FILE_DELETE", `22:FILE_DELETE:${FILE_KEY}:2026-11-20T11:59:00Z`],
      ["LIBRARY_PUBLISH", "LIBRARY_PUBLISH", `22:LIBRARY_PUBLISH:${FILE_KEY}:2026-11-20T11:59:00Z`],
      ["DEV_MODE_STATUS_UPDATE", "DEV_MODE_STATUS_UPDATE", `22:DEV_MODE_STATUS_UPDATE:${FILE_KEY}:2026-11-20T11:59:00Z:12:34`],
    ]);
    for (const body of Object.values(BODIES)) {
      for (const event of webhook.parse(delivery(body))) expect(JSON.stringify(event.payload)).not.toContain(PASSCODE);
    }
  });

  it("throws on a body that is none of Figma's events", () => {
    expect(() => webhook.parse(delivery({ ...base(), event_type: "FILE_RENAMED", file_key: FILE_KEY }))).toThrow();
    expect(() => webhook.parse(delivery({ ...base(), event_type: "FILE_COMMENT", file_key: FILE_KEY }))).toThrow();
  });
});

describe("Figma deliveries at the intake", () => {
  const startIntake = intakesForEachTest();
  const intakeWith = (settings: IntegrationSettings) => startIntake({ platform: "figma", definition: webhook, credentials: { FIGMA_WEBHOOK_PASSCODE: PASSCODE }, settings, now: NOW });

  it("answers the creation PING once its passcode checks out, and stores nothing for it", async () => {
    const { intake, count } = intakeWith(SETTINGS);
    expect(await intake.handle(delivery(BODIES.PING))).toMatchObject({ status: 200, body: { ok: true } });
    expect(await intake.handle(delivery({ ...BODIES.PING, passcode: "guess" }))).toMatchObject({ status: 401 });
    expect(intake.depth().depth).toBe(0);
    expect(await count("accepted")).toBe(0);
    await intake.stop();
  });

  it("stores a retried delivery once, and a captured delivery replayed later once", async () => {
    const { intake, count } = intakeWith(SETTINGS);
    expect(await intake.handle(delivery(BODIES.FILE_COMMENT))).toMatchObject({ status: 200, body: { received: 1, duplicates: 0 } });
    expect(await intake.handle(delivery(BODIES.FILE_COMMENT))).toMatchObject({ status: 200, body: { received: 1, duplicates: 1 } });
    // the same bytes again, later (what an attacker who captured a delivery can do): still the one event
    const replayed = { ...delivery(BODIES.FILE_COMMENT), receivedAt: new Date(NOW.getTime() + 3_600_000) };
    expect(await intake.handle(replayed)).toMatchObject({ status: 200, body: { duplicates: 1 } });
    expect(await count("accepted")).toBe(1);
    expect(await count("deduplicated")).toBe(2);
    await intake.stop();
  });

  it("acknowledges and drops event types not in event_subscriptions", async () => {
    const { intake, count } = intakeWith({ ...SETTINGS, event_subscriptions: ["FILE_COMMENT", "LIBRARY_PUBLISH"] });
    expect((await intake.handle(delivery(BODIES.FILE_UPDATE))).status).toBe(200);
    expect((await intake.handle(delivery(BODIES.DEV_MODE_STATUS_UPDATE))).status).toBe(200);
    expect((await intake.handle(delivery(BODIES.FILE_COMMENT))).status).toBe(200);
    expect(intake.depth().depth).toBe(1);
    expect(await count("unsubscribed")).toBe(2);
    await intake.stop();
  });

  it("answers 400 to a verified body of an unknown shape", async () => {
    const { intake } = intakeWith(SETTINGS);
    expect((await intake.handle(delivery({ ...base(), event_type: "SOMETHING_NEW" }))).status).toBe(400);
    await intake.stop();
  });
});

describe("Figma events as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));

  const memoryOf = async (body: unknown) => {
    const [event] = webhook.parse(delivery(body));
    const memories = await webhook.toMemory(event ?? expect.unreachable(), h.ctx);
    expect(memories).toHaveLength(1);
    return memories[0]!;
  };

  it("says who commented what on which file, mentions by name, keyed like the sync's comment", async () => {
    const memory = await memoryOf(BODIES.FILE_COMMENT);
    expect(memory).toMatchObject({
      key: `figma:comment:${FILE_KEY}:9001`,
      source: "figma",
      type: "comment",
      timestamp: "2026-11-20T11:59:00.000Z",
      title: "Checkout flows: comment by Ada Lovelace",
      url: `https://www.figma.com/design/${FILE_KEY}`,
    });
    expect(memory.content).toBe('Ada Lovelace commented on Figma file "Checkout flows": "Pay button is too small, @Grace Hopper can you check?" Mentions: Grace Hopper.');
    // written from the payload: no API call
    expect(h.fake.requests).toHaveLength(0);
  });

  it("writes versions, edits, deletions, library publishes and Dev Mode changes in words", async () => {
    expect((await memoryOf(BODIES.FILE_VERSION_UPDATE)).content).toBe('Ada Lovelace saved version "Ready for review" of Figma file "Checkout flows". Description: New payment step');
    expect((await memoryOf(BODIES.FILE_VERSION_UPDATE)).key).toBe(`figma:version:${FILE_KEY}:7788`);
    expect((await memoryOf(BODIES.FILE_UPDATE)).content).toBe('Figma file "Checkout flows" was saved with new changes.');
    expect((await memoryOf(BODIES.FILE_DELETE)).content).toBe('Grace Hopper deleted Figma file "Old checkout".');
    expect((await memoryOf(BODIES.LIBRARY_PUBLISH)).content).toBe(
      'Grace Hopper published the library Figma file "Acme DS": 1 component added (Button/Ghost); 2 components changed (Button/Primary, Input); 1 style changed (Brand/Green). Notes: Ghost buttons',
    );
    const dev = await memoryOf(BODIES.DEV_MODE_STATUS_UPDATE);
    expect(dev.content).toBe('Ada Lovelace marked layer 12:34 of Figma file "Checkout flows" as ready for development. Linked: PAY-12 (https://linear.app/acme/issue/PAY-12).');
    expect(dev.url).toBe(`https://www.figma.com/design/${FILE_KEY}?node-id=12-34`);
    expect(JSON.stringify(dev)).not.toContain(PASSCODE);
  });
});
