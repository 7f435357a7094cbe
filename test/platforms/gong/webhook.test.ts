/**
 * Gong automation-rule webhooks. Each JWT here is built and RS256-signed with node:crypto alone,
 * following Gong's description (claims webhook_url, body_sha256 = hex SHA-256 of the raw body,
 * exp), independently of the verifier under test; the public key is given the way Gong's UI shows
 * it (bare base64 DER) and as PEM.
 */
import { createHash, createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/gong/index.js";
import { facts } from "../../../services/platforms/gong/facts.js";
import { integrationWebhookUrl, publicUrlOf } from "../../../services/runtime/webhook-url.js";
import { platformHarness } from "../../support/platform-harness.js";
import { credentials, gongSettings, renewalCall } from "./fixtures.js";
import { webhookContext } from "../../support/webhook-intake.js";

/** toMemory needs no API call for Gong (the delivery carries the call), so nothing listens here */
const offlineContext = () => platformHarness(definition, { baseUrl: "http://127.0.0.1:9", credentials, settings: gongSettings }).ctx;

const webhook = definition.webhook!;
const NOW = new Date("2024-03-28T16:00:00Z");
const nowSeconds = NOW.getTime() / 1000;
const PUBLIC_URL = "https://hooks.example.com/webhook/gong/events";

const rule = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
const uiPublicKey = rule.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const pemPublicKey = rule.publicKey.export({ type: "spki", format: "pem" }).toString();

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

function jwt(claims: Record<string, unknown>, key: KeyObject = rule.privateKey, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }): string {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${b64url(sign("RSA-SHA256", Buffer.from(signingInput), key))}`;
}

const context = () => webhookContext({ settings: gongSettings, now: NOW });

const payload = (isTest = false) =>
  JSON.stringify({
    callData: {
      metaData: {
        id: renewalCall.id,
        url: `https://app.gong.io/call?id=${renewalCall.id}`,
        title: renewalCall.title,
        scheduled: "2024-03-28T15:00:00Z",
        started: "2024-03-28T15:00:00Z",
        duration: 2160,
        primaryUserId: "234599484848423",
        direction: "Conference",
        system: "Zoom",
        scope: "External",
        media: "Video",
        language: "eng",
      },
      context: [{ system: "Salesforce", objects: [{ objectType: "Opportunity", objectId: "0061Q00000mkU1fQAE", fields: [{ name: "Name", value: "Acme - Renewal (28)" }, { name: "Amount", value: 50000 }] }] }],
      parties: renewalCall.parties,
      content: { brief: renewalCall.brief, keyPoints: [{ text: "Budget approved for two years" }], topics: [{ name: "Pricing", duration: 540 }] },
    },
    isTest,
  });

function delivery(body: string, token: string | undefined, url = "/webhook/gong/events"): RawWebhookRequest {
  return {
    method: "POST",
    url,
    publicUrl: `https://hooks.example.com${url}`,
    headers: { "content-type": "application/json", ...(token !== undefined && { authorization: `Bearer ${token}` }) },
    rawBody: Buffer.from(body),
    receivedAt: NOW,
  };
}

const claimsFor = (body: string, overrides: Record<string, unknown> = {}) => ({
  webhook_url: PUBLIC_URL,
  body_sha256: createHash("sha256").update(body).digest("hex"),
  iat: nowSeconds - 5,
  exp: nowSeconds + 300,
  ...overrides,
});

const verify = (request: RawWebhookRequest, creds: Record<string, string> = { GONG_WEBHOOK_JWT_PUBLIC_KEY: uiPublicKey }) =>
  webhook.verifier(creds, context())(request);

describe("Gong JWT verification", () => {
  it("accepts a delivery signed by the rule's key, given as Gong's UI shows it or as PEM", async () => {
    const body = payload();
    const request = delivery(body, jwt(claimsFor(body)));
    expect(await verify(request)).toEqual({ ok: true });
    expect(await verify(request, { GONG_WEBHOOK_JWT_PUBLIC_KEY: pemPublicKey })).toEqual({ ok: true });
  });

  it("checks webhook_url against GONG_WEBHOOK_URL when it is set (the URL the runtime says Gong called)", async () => {
    const body = payload();
    const registered = "https://gong-hooks.ourco.com/webhook/gong/events";
    const token = jwt(claimsFor(body, { webhook_url: registered }));
    const creds = { GONG_WEBHOOK_JWT_PUBLIC_KEY: uiPublicKey, GONG_WEBHOOK_URL: registered };
    const calledAs = (credentials: Record<string, string>) => ({
      ...delivery(body, token),
      publicUrl: publicUrlOf("/webhook/gong/events", integrationWebhookUrl(facts, credentials, { webhookPublicUrl: new URL(PUBLIC_URL) }), "http://mcp-gong:9001"),
    });
    expect(await verify(calledAs(creds), creds)).toEqual({ ok: true });
    expect(await verify(calledAs({ GONG_WEBHOOK_JWT_PUBLIC_KEY: uiPublicKey }))).toMatchObject({ ok: false });
  });

  it("rejects a tampered body (body_sha256 no longer matches)", async () => {
    const body = payload();
    const token = jwt(claimsFor(body));
    expect(await verify(delivery(body.replace("Renewal negotiation", "Churn call"), token))).toMatchObject({ ok: false });
  });

  it("rejects a token issued 6 minutes in the future, and one with a lifetime beyond an hour (found by fuzzing)", async () => {
    const body = payload();
    expect(await verify(delivery(body, jwt(claimsFor(body, { iat: nowSeconds + 360, exp: nowSeconds + 660 }))))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("token issued in the future"),
    });
    expect(await verify(delivery(body, jwt(claimsFor(body, { exp: nowSeconds + 86_400 }))))).toMatchObject({ ok: false, reason: expect.stringContaining("exceeds 3600 s") });
  });

  it("rejects a token signed with another key", async () => {
    const body = payload();
    expect(await verify(delivery(body, jwt(claimsFor(body), stranger.privateKey)))).toMatchObject({ ok: false });
  });

  it("rejects an expired token, a token for another URL, and one without exp", async () => {
    const body = payload();
    expect(await verify(delivery(body, jwt(claimsFor(body, { exp: nowSeconds - 60 }))))).toMatchObject({ ok: false });
    expect(await verify(delivery(body, jwt(claimsFor(body, { webhook_url: "https://evil.example.com/webhook/gong/events" }))))).toMatchObject({ ok: false });
    const { exp: _, ...noExp } = claimsFor(body);
    expect(await verify(delivery(body, jwt(noExp)))).toMatchObject({ ok: false });
  });

  it("rejects algorithm confusion (HS256 keyed with the public key) and unsigned tokens", async () => {
    const body = payload();
    const input = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claimsFor(body)))}`;
    const hs256 = `${input}.${createHmac("sha256", pemPublicKey).update(input).digest("base64url")}`;
    expect(await verify(delivery(body, hs256))).toMatchObject({ ok: false });
    const none = `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(claimsFor(body)))}.`;
    expect(await verify(delivery(body, none))).toMatchObject({ ok: false });
  });

  it("rejects a delivery without a token, and everything when no public key is configured", async () => {
    const body = payload();
    expect(await verify(delivery(body, undefined))).toMatchObject({ ok: false });
    expect(await verify(delivery(body, jwt(claimsFor(body))), {})).toMatchObject({ ok: false, reason: "GONG_WEBHOOK_JWT_PUBLIC_KEY is not set" });
  });
});

describe("parse and toMemory", () => {
  it("dedupes by callData.metaData.id: a redelivery carries the same key", () => {
    const body = payload();
    const first = webhook.parse(delivery(body, jwt(claimsFor(body))));
    const again = webhook.parse(delivery(body, jwt(claimsFor(body, { iat: nowSeconds }))));
    expect(first).toEqual([{ dedupeKey: renewalCall.id, type: "call", payload: expect.objectContaining({ isTest: false }) }]);
    expect(again[0]?.dedupeKey).toBe(first[0]?.dedupeKey);
  });

  it("throws on a body that is not a Gong call", () => {
    expect(() => webhook.parse(delivery('{"callData":{}}', "t"))).toThrow();
  });

  it("stores the call as the same record the sync writes, reading like a call note", async () => {
    const [event] = webhook.parse(delivery(payload(), "t"));
    const records = await webhook.toMemory(event!, offlineContext());
    expect(records).toEqual([
      {
        key: `gong:call:${renewalCall.id}`,
        source: "gong",
        type: "call",
        timestamp: "2024-03-28T15:00:00.000Z",
        title: "Acme / Renewal negotiation",
        url: `https://app.gong.io/call?id=${renewalCall.id}`,
        content: [
          'Gong call "Acme / Renewal negotiation" on 2024-03-28 15:00 UTC, 36 min, external call, via Zoom.',
          "Participants: Jane Doe (Account Executive, Internal); Raj Patel (Head of Procurement, acme.com, External).",
          "Summary: Acme wants a 15% discount to renew for two years; Competitor X offered a lower price.",
          "Key points:\n- Budget approved for two years",
          "Topics: Pricing (9 min).",
          'CRM: Salesforce Opportunity "Acme - Renewal (28)".',
        ].join("\n"),
        record: expect.objectContaining({ id: renewalCall.id, participants: expect.any(Array) }),
      },
    ]);
  });

  it("does not store test deliveries from Gong's rule editor", async () => {
    const [event] = webhook.parse(delivery(payload(true), "t"));
    expect(event?.type).toBe("call.test");
    expect(await webhook.toMemory(event!, offlineContext())).toEqual([]);
  });
});
