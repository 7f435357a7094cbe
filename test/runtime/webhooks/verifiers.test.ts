import pino from "pino";
import { describe, expect, it } from "vitest";
import type { KeyValueState, RawWebhookRequest, WebhookContext } from "../../../services/runtime/contract.js";
import {
  asanaSignature,
  bodyPasscode,
  gongJwt,
  hmacSignature,
  hookSecretHandshake,
  hubspotV3Signature,
  linearSignature,
  rs256Jwt,
  sharedToken,
  slackSignature,
  standardWebhooks,
  vercelSignature,
} from "../../../services/runtime/webhooks/verifiers.js";
import { opensslHmac, opensslRs256Jwt, opensslRsaKeyPair, opensslSha256Hex } from "./openssl.js";

function request(parts: { body: string | Buffer; headers?: Record<string, string>; url?: string; publicUrl?: string; method?: string }): RawWebhookRequest {
  return {
    method: parts.method ?? "POST",
    url: parts.url ?? "/webhook/test/events",
    publicUrl: parts.publicUrl ?? "https://hooks.example.com/webhook/test/events",
    headers: Object.fromEntries(Object.entries(parts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    rawBody: Buffer.isBuffer(parts.body) ? parts.body : Buffer.from(parts.body),
    receivedAt: new Date(),
  };
}

const at = (epochSeconds: number) => ({ now: () => new Date(epochSeconds * 1000) });

describe("Slack signatures", () => {
  // Slack's documented example ("Verifying requests from Slack")
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const timestamp = 1531420618;
  const body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  const headers = { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": signature };

  it("accepts Slack's documented example", () => {
    expect(slackSignature(secret, at(timestamp + 30))(request({ body, headers }))).toEqual({ ok: true });
  });

  it("rejects a tampered body, a wrong secret, a missing or malformed header", () => {
    const verify = slackSignature(secret, at(timestamp));
    expect(verify(request({ body: body.replace("roadrunner", "coyote"), headers }))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(slackSignature("another-secret", at(timestamp))(request({ body, headers }))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(verify(request({ body, headers: { "X-Slack-Request-Timestamp": String(timestamp) } }))).toMatchObject({ ok: false, reason: "missing x-slack-signature header" });
    expect(verify(request({ body, headers: { ...headers, "X-Slack-Signature": signature.slice(3) } }))).toMatchObject({ ok: false, reason: "malformed x-slack-signature header" });
    expect(verify(request({ body, headers: { ...headers, "X-Slack-Signature": "v0=zz" } }))).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("rejects a replay outside the 5 minute window, stale or from the future, and a timestamp swapped in", () => {
    expect(slackSignature(secret, at(timestamp + 301))(request({ body, headers }))).toEqual({ ok: false, reason: "stale timestamp" });
    expect(slackSignature(secret, at(timestamp - 301))(request({ body, headers }))).toEqual({ ok: false, reason: "timestamp in the future" });
    // moving the timestamp header to look fresh breaks the signature, which covers it
    const now = timestamp + 1000;
    expect(slackSignature(secret, at(now))(request({ body, headers: { ...headers, "X-Slack-Request-Timestamp": String(now) } }))).toEqual({ ok: false, reason: "signature mismatch" });
  });
});

describe("HubSpot v3 signatures", () => {
  const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  const body = '[{"eventId":1,"subscriptionType":"deal.creation","objectId":123,"occurredAt":1700000000000}]';
  const publicUrl = "https://hooks.example.com/webhook/hubspot/events?portal=62515";
  const timestampMs = 1_700_000_000_123;
  const signed = (uri: string) => opensslHmac("sha256", secret, `POST${uri}${body}${timestampMs}`).toString("base64");
  const headers = (signature: string) => ({ "X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": String(timestampMs) });

  it("accepts method + URI + body + timestamp signed by the client secret", () => {
    const verify = hubspotV3Signature(secret, { now: () => new Date(timestampMs + 10_000) });
    expect(verify(request({ body, publicUrl, headers: headers(signed(publicUrl)) }))).toEqual({ ok: true });
  });

  it("signs the URI with HubSpot's decoded characters", () => {
    const encoded = "https://hooks.example.com/webhook/hubspot/events?next=a%3Ab%40c";
    const verify = hubspotV3Signature(secret, { now: () => new Date(timestampMs) });
    const decoded = "https://hooks.example.com/webhook/hubspot/events?next=a:b@c";
    expect(verify(request({ body, publicUrl: encoded, headers: headers(signed(decoded)) }))).toEqual({ ok: true });
  });

  it("rejects another URI (a proxy rewrote it), a tampered body and a stale timestamp", () => {
    const verify = hubspotV3Signature(secret, { now: () => new Date(timestampMs) });
    const signature = signed(publicUrl);
    expect(verify(request({ body, publicUrl: "https://evil.example.com/webhook/hubspot/events?portal=62515", headers: headers(signature) }))).toMatchObject({ ok: false });
    expect(verify(request({ body: body.replace("123", "124"), publicUrl, headers: headers(signature) }))).toMatchObject({ ok: false });
    expect(hubspotV3Signature(secret, { now: () => new Date(timestampMs + 301_000) })(request({ body, publicUrl, headers: headers(signature) }))).toEqual({ ok: false, reason: "stale timestamp" });
  });
});

describe("Linear signatures", () => {
  const secret = "lin_wh_secret";
  const now = 1_700_000_000_000;
  const body = JSON.stringify({ action: "create", type: "Issue", data: { id: "i1" }, webhookTimestamp: now - 5_000 });
  const signature = opensslHmac("sha256", secret, body).toString("hex");

  it("accepts a hex HMAC without prefix and a body timestamp within 60 s", () => {
    expect(linearSignature(secret, { now: () => new Date(now) })(request({ body, headers: { "Linear-Signature": signature } }))).toEqual({ ok: true });
  });

  it("rejects a replay after 60 s, and never reads the body of an unsigned request", () => {
    expect(linearSignature(secret, { now: () => new Date(now + 60_000) })(request({ body, headers: { "Linear-Signature": signature } }))).toEqual({ ok: false, reason: "stale timestamp" });
    // not JSON at all: the HMAC fails first, the parser never runs
    const notJson = "}{ not json";
    expect(linearSignature(secret, { now: () => new Date(now) })(request({ body: notJson, headers: { "Linear-Signature": signature } }))).toEqual({ ok: false, reason: "signature mismatch" });
    // signed but without webhookTimestamp: rejected, not crashed
    const bare = '{"action":"create"}';
    expect(linearSignature(secret, { now: () => new Date(now) })(request({ body: bare, headers: { "Linear-Signature": opensslHmac("sha256", secret, bare).toString("hex") } }))).toEqual({ ok: false, reason: "missing timestamp" });
  });
});

describe("generic HMAC options", () => {
  it("verifies a base64 sha1 signature with a sha1= prefix and a raw binary body", () => {
    const body = Buffer.from([0, 1, 2, 250, 251]);
    const verify = hmacSignature({ secret: "s3", algorithm: "sha1", encoding: "base64", header: "X-Sig", prefix: "sha1=" });
    expect(verify(request({ body, headers: { "x-sig": `sha1=${opensslHmac("sha1", "s3", body).toString("base64")}` } }))).toEqual({ ok: true });
    expect(verify(request({ body: Buffer.from([0, 1, 2, 250, 252]), headers: { "x-sig": `sha1=${opensslHmac("sha1", "s3", body).toString("base64")}` } }))).toMatchObject({ ok: false });
  });

  it("Vercel: hex HMAC-SHA1 of the body", () => {
    const body = '{"id":"evt_1","type":"deployment.succeeded"}';
    expect(vercelSignature("vsecret")(request({ body, headers: { "x-vercel-signature": opensslHmac("sha1", "vsecret", body).toString("hex") } }))).toEqual({ ok: true });
    expect(vercelSignature("other")(request({ body, headers: { "x-vercel-signature": opensslHmac("sha1", "vsecret", body).toString("hex") } }))).toMatchObject({ ok: false });
  });

  it("rejects everything when no secret is configured", () => {
    const verify = hmacSignature({ secret: "", algorithm: "sha256", encoding: "hex", header: "x-sig" });
    // HMAC with an empty key, which an attacker could compute as easily as we can
    const emptyKeySignature = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
    expect(verify(request({ body: "", headers: { "x-sig": emptyKeySignature } }))).toEqual({ ok: false, reason: "no signing secret configured" });
  });
});

describe("Standard Webhooks", () => {
  // the specification's published test vector
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';
  const signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  const headers = (sig: string, ts = String(timestamp)) => ({ "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": sig });

  it("accepts the published vector, also among several signatures (key rotation)", () => {
    const verify = standardWebhooks({ secret, clock: at(timestamp + 10) });
    expect(verify(request({ body, headers: headers(signature) }))).toEqual({ ok: true });
    expect(verify(request({ body, headers: headers(`v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${signature}`) }))).toEqual({ ok: true });
  });

  it("accepts a signature openssl computes with a fresh key", () => {
    const key = Buffer.from("0123456789abcdef0123456789abcdef");
    const now = 1_800_000_000;
    const sig = opensslHmac("sha256", key, `evt_9.${now}.${body}`).toString("base64");
    expect(standardWebhooks({ secret: `whsec_${key.toString("base64")}`, clock: at(now) })(request({ body, headers: { "webhook-id": "evt_9", "webhook-timestamp": String(now), "webhook-signature": `v1,${sig}` } }))).toEqual({ ok: true });
  });

  it("rejects a tampered body, another id, a stale or future timestamp, and v1a/unknown versions", () => {
    const verify = standardWebhooks({ secret, clock: at(timestamp) });
    expect(verify(request({ body: '{"test": 2432232315}', headers: headers(signature) }))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(verify(request({ body, headers: { ...headers(signature), "webhook-id": "msg_other" } }))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(standardWebhooks({ secret, clock: at(timestamp + 301) })(request({ body, headers: headers(signature) }))).toEqual({ ok: false, reason: "stale timestamp" });
    expect(standardWebhooks({ secret, clock: at(timestamp - 301) })(request({ body, headers: headers(signature) }))).toEqual({ ok: false, reason: "timestamp in the future" });
    expect(verify(request({ body, headers: headers(signature.replace("v1,", "v2,")) }))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(verify(request({ body, headers: { "webhook-id": id } }))).toMatchObject({ ok: false });
  });
});

describe("RS256 JWT (Gong)", () => {
  const keys = opensslRsaKeyPair();
  const otherKeys = opensslRsaKeyPair();
  const body = '{"callData":{"metaData":{"id":"7782342274025937895"}}}';
  const publicUrl = "https://hooks.example.com/webhook/gong/events";
  const now = 1_800_000_000;
  const claims = { webhook_url: publicUrl, body_sha256: opensslSha256Hex(body), exp: now + 300 };
  const signed = (payload: Record<string, unknown>, key = keys.privateKeyPem) => ({ authorization: `Bearer ${opensslRs256Jwt(key, payload)}` });

  it("accepts a token signed by the rule's key, given as bare base64 DER or as PEM", async () => {
    expect(await gongJwt(keys.publicKeyDerBase64, at(now))(request({ body, publicUrl, headers: signed(claims) }))).toEqual({ ok: true });
    expect(await gongJwt(keys.publicKeyPem, at(now))(request({ body, publicUrl, headers: signed(claims) }))).toEqual({ ok: true });
  });

  it("rejects another key, a tampered body, another URL, an expired token and a token without exp", async () => {
    const verify = gongJwt(keys.publicKeyDerBase64, at(now));
    expect(await verify(request({ body, publicUrl, headers: signed(claims, otherKeys.privateKeyPem) }))).toMatchObject({ ok: false, reason: expect.stringContaining("invalid token") });
    expect(await verify(request({ body: body.replace("78", "79"), publicUrl, headers: signed(claims) }))).toEqual({ ok: false, reason: "claim body_sha256 does not match" });
    expect(await verify(request({ body, publicUrl: "https://attacker.example.com/hook", headers: signed(claims) }))).toEqual({ ok: false, reason: "claim webhook_url does not match" });
    expect(await gongJwt(keys.publicKeyDerBase64, at(now + 400))(request({ body, publicUrl, headers: signed(claims) }))).toEqual({ ok: false, reason: "token expired" });
    const { exp: _exp, ...withoutExp } = claims;
    expect(await verify(request({ body, publicUrl, headers: signed(withoutExp) }))).toMatchObject({ ok: false });
    expect(await verify(request({ body, publicUrl }))).toEqual({ ok: false, reason: "missing authorization header" });
  });

  it("refuses an iat beyond the clock skew in the future (a token minted ahead), within it accepts", async () => {
    const verify = gongJwt(keys.publicKeyDerBase64, at(now));
    // the fuzz case: issued 6 minutes from now
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, iat: now + 360, exp: now + 660 }) }))).toEqual({
      ok: false,
      reason: "token issued in the future (iat 360 s ahead; at most 60 s allowed)",
    });
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, iat: now + 61 }) }))).toMatchObject({ ok: false, reason: expect.stringContaining("issued in the future") });
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, iat: now + 30 }) }))).toEqual({ ok: true });
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, iat: now - 10 }) }))).toEqual({ ok: true });
  });

  it("refuses a lifetime beyond the bound: exp - iat, or without iat what is left until exp", async () => {
    const verify = gongJwt(keys.publicKeyDerBase64, at(now));
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, iat: now - 10, exp: now + 7200 }) }))).toEqual({ ok: false, reason: "token lifetime 7210 s exceeds 3600 s" });
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, exp: now + 86_400 * 365 }) }))).toEqual({
      ok: false,
      reason: "token valid for another 31536000 s without iat, beyond 3600 s",
    });
    expect(await verify(request({ body, publicUrl, headers: signed({ ...claims, iat: now - 100, exp: now + 3500 }) }))).toEqual({ ok: true });
    // the bounds are settings
    const strict = rs256Jwt({ publicKey: keys.publicKeyPem, claims: () => ({}), clock: at(now), issuedAtSkewSeconds: 0, maxLifetimeSeconds: 60 });
    expect(await strict(request({ body, headers: signed({ iat: now + 1, exp: now + 30 }) }))).toMatchObject({ ok: false, reason: expect.stringContaining("issued in the future") });
    expect(await strict(request({ body, headers: signed({ iat: now, exp: now + 61 }) }))).toEqual({ ok: false, reason: "token lifetime 61 s exceeds 60 s" });
    expect(await strict(request({ body, headers: signed({ iat: now, exp: now + 60 }) }))).toEqual({ ok: true });
  });

  it("refuses the alg=none and HS256-with-the-public-key tricks", async () => {
    const verify = rs256Jwt({ publicKey: keys.publicKeyPem, claims: () => ({}), clock: at(now) });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ exp: now + 60 })).toString("base64url")}.`;
    expect(await verify(request({ body, headers: { authorization: unsigned } }))).toMatchObject({ ok: false });
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
    const payload = Buffer.from(JSON.stringify({ exp: now + 60 })).toString("base64url");
    const mac = opensslHmac("sha256", keys.publicKeyPem, `${header}.${payload}`).toString("base64url");
    expect(await verify(request({ body, headers: { authorization: `${header}.${payload}.${mac}` } }))).toMatchObject({ ok: false });
  });
});

describe("shared tokens and passcodes", () => {
  it("compares a header or query token in constant time", () => {
    const byHeader = sharedToken({ token: "tok-123", from: { header: "X-Api-Key" } });
    expect(byHeader(request({ body: "{}", headers: { "x-api-key": "tok-123" } }))).toEqual({ ok: true });
    expect(byHeader(request({ body: "{}", headers: { "x-api-key": "tok-124" } }))).toEqual({ ok: false, reason: "token mismatch" });
    expect(byHeader(request({ body: "{}", headers: { "x-api-key": "tok-1234" } }))).toEqual({ ok: false, reason: "token mismatch" });
    const byQuery = sharedToken({ token: "q-tok", from: { query: "token" } });
    expect(byQuery(request({ body: "{}", url: "/webhook/airbyte/events?token=q-tok" }))).toEqual({ ok: true });
    expect(byQuery(request({ body: "{}", url: "/webhook/airbyte/events?token=nope" }))).toMatchObject({ ok: false });
    expect(byQuery(request({ body: "{}", url: "/webhook/airbyte/events" }))).toEqual({ ok: false, reason: "missing token" });
    expect(sharedToken({ token: "", from: { query: "token" } })(request({ body: "{}", url: "/x?token=" }))).toMatchObject({ ok: false });
  });

  it("checks Figma's body passcode", () => {
    const verify = bodyPasscode({ passcode: "figma-pass" });
    expect(verify(request({ body: '{"event_type":"PING","passcode":"figma-pass"}' }))).toEqual({ ok: true });
    expect(verify(request({ body: '{"event_type":"PING","passcode":"wrong"}' }))).toMatchObject({ ok: false });
    expect(verify(request({ body: "not json" }))).toMatchObject({ ok: false });
  });
});

describe("Asana handshake and signatures", () => {
  function memoryState(): KeyValueState {
    const map = new Map<string, string>();
    return { get: async (key) => map.get(key), set: async (key, value) => void map.set(key, value) };
  }
  const context = (state: KeyValueState): WebhookContext => ({ log: pino({ level: "silent" }), clock: { now: () => new Date() }, settings: { enabled: true, mcp_server_port: 9018 }, credentials: {}, state });

  it("echoes and stores X-Hook-Secret, then verifies X-Hook-Signature with it", async () => {
    const state = memoryState();
    const handshake = hookSecretHandshake();
    const verify = asanaSignature(state);
    const body = '{"events":[{"action":"changed","resource":{"gid":"1"}}]}';
    const signature = opensslHmac("sha256", "hook-secret-1", body).toString("hex");

    expect(await verify(request({ body, headers: { "x-hook-signature": signature } }))).toEqual({ ok: false, reason: "no signing secret configured" });
    expect(await handshake(request({ body: "", headers: { "X-Hook-Secret": "hook-secret-1" } }), context(state))).toEqual({ status: 200, headers: { "x-hook-secret": "hook-secret-1" } });
    expect(await verify(request({ body, headers: { "x-hook-signature": signature } }))).toEqual({ ok: true });
    expect(await handshake(request({ body }), context(state))).toBeUndefined();
  });

  it("refuses a second handshake that would replace the stored secret", async () => {
    const state = memoryState();
    const handshake = hookSecretHandshake();
    await handshake(request({ body: "", headers: { "x-hook-secret": "first" } }), context(state));
    expect(await handshake(request({ body: "", headers: { "x-hook-secret": "attacker" } }), context(state))).toMatchObject({ status: 409 });
    expect(await state.get("webhook.hook_secret")).toBe("first");
  });
});
