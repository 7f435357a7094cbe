import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import type { ApolloApi } from "../../../services/platforms/apollo/api/index.js";
import { definition } from "../../../services/platforms/apollo/index.js";
import { matchPeople } from "../../../services/platforms/apollo/tools/match-people.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { type Harness, NOW, SETTINGS, WEBHOOK_SECRET, WEBHOOK_URL, seedProspects, startHarness } from "./harness.js";

const webhook = definition.webhook as WebhookDefinition<ApolloApi>;
const CREDENTIALS = { APOLLO_API_KEY: "k", APOLLO_WEBHOOK_TOKEN: WEBHOOK_SECRET };

const context = (now: Date = NOW) => webhookContext({ settings: SETTINGS, now });

/** Our callback-URL scheme written out independently: base64url HMAC-SHA256 of "<request id>.<expiry>". */
function callbackUrl(options: { requestId?: string; expires?: number; secret?: string; token?: string } = {}): string {
  const requestId = options.requestId ?? "req-1";
  const expires = String(options.expires ?? Math.floor(NOW.getTime() / 1000) + 3600);
  const token = options.token ?? createHmac("sha256", options.secret ?? WEBHOOK_SECRET).update(`${requestId}.${expires}`).digest("base64url");
  return `${WEBHOOK_URL}?apollo_request=${encodeURIComponent(requestId)}&expires=${expires}&token=${token}`;
}

const RESULT = {
  status: "success",
  request_id: 7729515760484695000,
  credits_consumed: 8,
  total_requested_enrichments: 1,
  people: [
    {
      id: "64a7ff0cc4dfae00013df1a0",
      status: "success",
      first_name: "Jane",
      last_name: "Doe",
      title: "VP Sales",
      organization: { name: "Acme Corp" },
      phone_numbers: [{ raw_number: "+1 555-010-0001", sanitized_number: "+15550100001", type_cd: "mobile", status_cd: "valid_number", confidence_cd: "high" }],
    },
  ],
};
// the request id as Apollo writes it: more digits than a double holds
const BODY = JSON.stringify(RESULT).replace("7729515760484695000", "7729515760484695123");

function delivery(url: string, body = BODY): RawWebhookRequest {
  const parsed = new URL(url);
  return { method: "POST", url: `${parsed.pathname}${parsed.search}`, publicUrl: url, headers: { "content-type": "application/json" }, rawBody: Buffer.from(body), receivedAt: NOW };
}

const verify = (request: RawWebhookRequest, secret = WEBHOOK_SECRET, now = NOW) => webhook.verifier({ ...CREDENTIALS, APOLLO_WEBHOOK_TOKEN: secret }, context(now))(request);

describe("per-request callback tokens", () => {
  it("accepts a callback whose token is the HMAC of its request id and expiry", async () => {
    expect(await verify(delivery(callbackUrl()))).toEqual({ ok: true });
  });

  it("rejects a wrong token, a missing token, a token for another request id, a wrong secret and an expired URL", async () => {
    expect(await verify(delivery(callbackUrl({ token: "A".repeat(43) })))).toEqual({ ok: false, reason: "token mismatch" });
    expect(await verify(delivery(`${WEBHOOK_URL}?apollo_request=req-1`))).toEqual({ ok: false, reason: "missing token" });
    expect(await verify(delivery(WEBHOOK_URL))).toEqual({ ok: false, reason: "missing token" });
    const tampered = callbackUrl().replace("apollo_request=req-1", "apollo_request=req-2");
    expect(await verify(delivery(tampered))).toEqual({ ok: false, reason: "token mismatch" });
    const extended = new URL(callbackUrl());
    extended.searchParams.set("expires", String(Number(extended.searchParams.get("expires")) + 86_400));
    expect(await verify(delivery(extended.href))).toEqual({ ok: false, reason: "token mismatch" });
    expect(await verify(delivery(callbackUrl({ secret: "another-secret" })))).toEqual({ ok: false, reason: "token mismatch" });
    expect(await verify(delivery(callbackUrl({ expires: Math.floor(NOW.getTime() / 1000) - 1 })))).toEqual({ ok: false, reason: "callback URL expired" });
    expect(await verify(delivery(callbackUrl()), "")).toEqual({ ok: false, reason: "no webhook token configured" });
  });

  it("verifies the URL the match tool handed Apollo, end to end", async () => {
    const h: Harness = await startHarness();
    try {
      seedProspects(h.fake);
      await matchPeople.handler(matchPeople.input.parse({ people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 9 }), h.hookCtx);
      const [url] = h.fake.callbackUrls;
      expect(await verify(delivery(url!))).toEqual({ ok: true });
      // Apollo may answer days later, but not after the URL's 48 h
      expect(await verify(delivery(url!), WEBHOOK_SECRET, new Date(NOW.getTime() + 47 * 3_600_000))).toEqual({ ok: true });
      expect(await verify(delivery(url!), WEBHOOK_SECRET, new Date(NOW.getTime() + 49 * 3_600_000))).toEqual({ ok: false, reason: "callback URL expired" });
    } finally {
      await h.close();
    }
  });
});

describe("parsing and memories", () => {
  it("keys the result by the request id in its URL and keeps Apollo's request id digit for digit", () => {
    const [event] = webhook.parse(delivery(callbackUrl({ requestId: "abc" })));
    expect(event).toMatchObject({ dedupeKey: "request:abc", type: "enrichment_result", payload: { requestId: "abc", apolloRequestId: "7729515760484695123" } });
    expect(event!.subscription).toBeUndefined();
  });

  it("rejects a body that is not a reveal result", () => {
    expect(() => webhook.parse(delivery(callbackUrl(), JSON.stringify({ status: "success", people: [] })))).toThrow();
    expect(() => webhook.parse(delivery(callbackUrl(), "not json"))).toThrow();
  });

  it("stores one readable memory per person found, with a link", async () => {
    const [event] = webhook.parse(delivery(callbackUrl({ requestId: "abc" })));
    const h = await startHarness();
    try {
      const records = await webhook.toMemory(event as WebhookEvent, h.ctx);
      expect(records).toEqual([
        expect.objectContaining({
          key: "apollo:reveal:abc:64a7ff0cc4dfae00013df1a0",
          source: "apollo",
          type: "contact_reveal",
          timestamp: NOW.toISOString(),
          content: "Apollo revealed phone number: +15550100001 (mobile) for Jane Doe (VP Sales at Acme Corp), answering enrichment request 7729515760484695123.",
          url: "https://app.apollo.io/#/people/64a7ff0cc4dfae00013df1a0",
        }),
      ]);
      const nothing = webhook.parse(delivery(callbackUrl(), JSON.stringify({ status: "success", people: [{ id: "p1", status: "failed", phone_numbers: [] }] })));
      expect(await webhook.toMemory(nothing[0]!, h.ctx)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe("through the runtime's intake", () => {
  const startIntake = intakesForEachTest();

  it("answers 401 to a bad token and accepts each request id once (Apollo's retry and a replay are acknowledged, not stored)", async () => {
    const { intake } = startIntake({ platform: "apollo", definition: webhook, credentials: CREDENTIALS, settings: SETTINGS, now: NOW });
    expect((await intake.handle(delivery(callbackUrl({ token: "x".repeat(43) })))).status).toBe(401);
    expect((await intake.handle(delivery(WEBHOOK_URL))).status).toBe(401);
    expect((await intake.handle(delivery(callbackUrl({ requestId: "once" })))).status).toBe(200);
    expect((await intake.handle(delivery(callbackUrl({ requestId: "once" })))).status).toBe(200);
    const other = JSON.stringify({ ...RESULT, people: [{ ...RESULT.people[0], phone_numbers: [{ sanitized_number: "+19990000000" }] }] });
    expect((await intake.handle(delivery(callbackUrl({ requestId: "once" }), other))).status).toBe(200);
    expect(intake.depth().depth).toBe(1);
    expect((await intake.handle(delivery(callbackUrl({ requestId: "twice" })))).status).toBe(200);
    expect(intake.depth().depth).toBe(2);
  });
});
