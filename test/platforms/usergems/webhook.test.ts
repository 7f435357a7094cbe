/**
 * UserGems' Send to Webhook deliveries: the X-Api-Key header (right, wrong, missing, replayed,
 * none configured), strict signal parsing, deduplication by a hash of person, signal and campaign
 * (computed here independently), and the memory each signal becomes.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/usergems/index.js";
import type { UsergemsApi } from "../../../services/platforms/usergems/api/index.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { type Harness, JOB_CHANGE, NOW, SETTINGS, startHarness } from "./harness.js";

const TOKEN = "ug-hook-9a8b7c6d5e4f3a2b1c0d";
const webhook = definition.webhook as WebhookDefinition<UsergemsApi>;


const context = () => webhookContext({ settings: SETTINGS, now: NOW });

function delivery(body: unknown, headers: Record<string, string> = { "x-api-key": TOKEN }): RawWebhookRequest {
  return {
    method: "POST",
    url: "/webhook/usergems/events",
    publicUrl: "https://hooks.example.com/webhook/usergems/events",
    headers: { "content-type": "application/json", ...headers },
    rawBody: Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8"),
    receivedAt: NOW,
  };
}

/** the dedupe key as SETUP.md documents it, computed independently */
function expectedKey(email: string, signal: string, campaign: string): string {
  const person = createHash("sha256").update(`email:${email.toLowerCase()}`).digest("hex");
  return createHash("sha256").update(`${person}\n${signal}\n${campaign}`).digest("hex");
}

describe("UserGems X-Api-Key header", () => {
  const verify = (request: RawWebhookRequest) => webhook.verifier({ USERGEMS_API_KEY: "x", USERGEMS_WEBHOOK_TOKEN: TOKEN }, context())(request);

  it("accepts the configured value, and a replay of it (the header is the only proof; dedupe stops the second store)", async () => {
    expect(await verify(delivery(JOB_CHANGE))).toEqual({ ok: true });
    expect(await verify(delivery(JOB_CHANGE))).toEqual({ ok: true });
  });

  it("rejects a wrong value, a missing header, and everything when no token is configured", async () => {
    expect(await verify(delivery(JOB_CHANGE, { "x-api-key": `${TOKEN}0` }))).toMatchObject({ ok: false, reason: "token mismatch" });
    expect(await verify(delivery(JOB_CHANGE, { "x-api-key": TOKEN.toUpperCase() }))).toMatchObject({ ok: false });
    expect(await verify(delivery(JOB_CHANGE, {}))).toMatchObject({ ok: false, reason: "missing token" });
    expect(await verify(delivery(JOB_CHANGE, { authorization: TOKEN }))).toMatchObject({ ok: false, reason: "missing token" });
    expect(await webhook.verifier({ USERGEMS_API_KEY: "x" }, context())(delivery(JOB_CHANGE))).toMatchObject({ ok: false, reason: "no shared token configured" });
  });
});

describe("UserGems signal parsing", () => {
  it("keys a signal by the hash of person, signal and campaign", () => {
    const [event] = webhook.parse(delivery(JOB_CHANGE));
    expect(event).toMatchObject({ dedupeKey: expectedKey("jane.doe@globex.example", "job_change", "cmp_42"), type: "job_change" });
  });

  it("gives the same person, signal and campaign the same key (case of the email aside), and another campaign another", () => {
    const again = webhook.parse(delivery({ ...JOB_CHANGE, occurredAt: "2026-11-19", person: { ...JOB_CHANGE.person, email: "jane.doe@globex.example" } }));
    expect(again[0]?.dedupeKey).toBe(webhook.parse(delivery(JOB_CHANGE))[0]?.dedupeKey);
    const other = webhook.parse(delivery({ ...JOB_CHANGE, campaign: { id: "cmp_43" } }));
    expect(other[0]?.dedupeKey).not.toBe(again[0]?.dedupeKey);
  });

  it.each([
    ["not JSON", "{signal:"],
    ["an unknown signal type", { ...JOB_CHANGE, signal: "birthday" }],
    ["a field we do not know", { ...JOB_CHANGE, score: 9 }],
    ["a person without email or LinkedIn URL", { ...JOB_CHANGE, person: { firstName: "Jane" } }],
    ["a person without a name", { ...JOB_CHANGE, person: { email: "jane@globex.example" } }],
    ["a job change without the previous company", { ...JOB_CHANGE, previous: undefined }],
    ["a new hire without the company joined", { ...JOB_CHANGE, signal: "new_hire", current: undefined }],
    ["a date that is not a date", { ...JOB_CHANGE, occurredAt: "last week" }],
    ["a campaign without id", { ...JOB_CHANGE, campaign: { name: "x" } }],
    ["an email that is not one", { ...JOB_CHANGE, person: { ...JOB_CHANGE.person, email: "jane at globex" } }],
  ])("throws on %s", (_name, body) => {
    expect(() => webhook.parse(delivery(body))).toThrow();
  });
});

describe("UserGems at the intake", () => {
  const startIntake = intakesForEachTest();

  it("answers 401 to a wrong or missing token, 400 to a malformed signal, and stores a replayed signal once", async () => {
    const { intake } = startIntake({ platform: "usergems", definition: webhook, credentials: { USERGEMS_WEBHOOK_TOKEN: TOKEN }, settings: SETTINGS, now: NOW });
    expect((await intake.handle(delivery(JOB_CHANGE, { "x-api-key": "wrong" }))).status).toBe(401);
    expect((await intake.handle(delivery(JOB_CHANGE, {}))).status).toBe(401);
    expect((await intake.handle(delivery({ ...JOB_CHANGE, signal: "birthday" }))).status).toBe(400);
    expect(await intake.handle(delivery(JOB_CHANGE))).toMatchObject({ status: 200, body: { received: 1, duplicates: 0 } });
    expect(await intake.handle(delivery(JOB_CHANGE))).toMatchObject({ status: 200, body: { received: 1, duplicates: 1 } });
    expect(intake.depth().depth).toBe(1);
    await intake.stop();
  });
});

describe("UserGems signals as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));

  const memoryOf = async (body: unknown) => {
    const [event] = webhook.parse(delivery(body));
    const [memory] = await webhook.toMemory(event as WebhookEvent, h.ctx);
    return memory;
  };

  it("reads as who moved from where to where, with the LinkedIn profile as the link and hashed keys only", async () => {
    const memory = await memoryOf(JOB_CHANGE);
    expect(memory).toMatchObject({
      key: `usergems:signal:${expectedKey("jane.doe@globex.example", "job_change", "cmp_42")}`,
      source: "usergems",
      type: "signal",
      timestamp: "2026-11-18T00:00:00.000Z",
      title: "Jane Doe: job change at Globex",
      content: 'Jane Doe moved from Acme (VP Sales) to Globex (CRO) on 2026-11-18. UserGems job change signal from campaign "Champions on the move".',
      url: "https://www.linkedin.com/in/janedoe",
    });
    expect(memory?.record).toMatchObject({ emailKey: createHash("sha256").update("email:jane.doe@globex.example").digest("hex"), company: "Globex", previousCompany: "Acme" });
    expect(h.fake.requests).toEqual([]);
  });

  it("writes new hires, promotions and departures as sentences too", async () => {
    const person = { fullName: "John Roe", linkedinUrl: "https://linkedin.com/in/johnroe/" };
    expect((await memoryOf({ signal: "new_hire", occurredAt: "2026-11-19T10:00:00Z", campaign: { id: "c1" }, person, current: { company: { name: "Initech" }, title: "Head of RevOps" } }))?.content).toMatch(/^John Roe joined Initech as Head of RevOps on 2026-11-19\./);
    expect((await memoryOf({ signal: "promotion", occurredAt: "2026-11-19", campaign: { id: "c1" }, person, previous: { company: { name: "Initech" }, title: "AE" }, current: { company: { name: "Initech" }, title: "Sales Director" } }))?.content).toMatch(/^John Roe was promoted at Initech from AE to Sales Director on 2026-11-19\./);
    expect((await memoryOf({ signal: "left_company", occurredAt: "2026-11-19", campaign: { id: "c1" }, person, previous: { company: { name: "Initech" } } }))?.content).toMatch(/^John Roe left Initech on 2026-11-19\./);
  });
});
