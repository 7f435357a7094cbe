/**
 * Slack Events API webhooks. Signatures here are computed with node:crypto exactly as Slack's
 * "Verifying requests from Slack" describes (v0=hex HMAC-SHA256 of "v0:{timestamp}:{raw body}"),
 * independently of the verifier under test, and Slack's own documented example is among them.
 */
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RawWebhookRequest, WebhookVerifier } from "../../../services/runtime/contract.js";
import type { SlackApi } from "../../../services/platforms/slack/api/index.js";
import { definition } from "../../../services/platforms/slack/index.js";
import { SlackFake } from "../../fakes/slack.js";
import { BOT_TOKEN, SIGNING_SECRET, slackSettings, workspace } from "./fixtures.js";
import { type PlatformHarness, platformHarness } from "../../support/platform-harness.js";
import { webhookContext } from "../../support/webhook-intake.js";

const webhook = definition.webhook!;
const NOW_SECONDS = 1_712_000_500;

const context = (nowSeconds = NOW_SECONDS) => webhookContext({ settings: slackSettings, now: new Date(nowSeconds * 1000) });

function sign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

function request(body: string, headers: Record<string, string>): RawWebhookRequest {
  return {
    method: "POST",
    url: "/webhook/slack/events",
    publicUrl: "https://hooks.example.com/webhook/slack/events",
    headers: { "content-type": "application/json", ...headers },
    rawBody: Buffer.from(body, "utf8"),
    receivedAt: new Date(NOW_SECONDS * 1000),
  };
}

function signedRequest(body: string, options: { secret?: string; timestamp?: number; extra?: Record<string, string> } = {}): RawWebhookRequest {
  const timestamp = String(options.timestamp ?? NOW_SECONDS);
  return request(body, {
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": sign(options.secret ?? SIGNING_SECRET, timestamp, body),
    ...options.extra,
  });
}

function verifier(nowSeconds = NOW_SECONDS): WebhookVerifier {
  return webhook.verifier({ SLACK_SIGNING_SECRET: SIGNING_SECRET }, context(nowSeconds));
}

const messageEventBody = (overrides: Record<string, unknown> = {}, eventId = "Ev0MSG1") =>
  JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0001",
    api_app_id: "A0001",
    type: "event_callback",
    event_id: eventId,
    event_time: 1_712_000_450,
    event: {
      type: "message",
      channel: "C0GENERAL",
      channel_type: "channel",
      user: "U0JANE",
      text: "Acme asked for a *discount* on the renewal",
      ts: "1712000450.000200",
      event_ts: "1712000450.000200",
      ...overrides,
    },
  });

describe("signature verification", () => {
  it("accepts Slack's documented example request", async () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const documented = request(body, {
      "x-slack-request-timestamp": "1531420618",
      "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    });
    expect(await verifier(1_531_420_618 + 30)(documented)).toEqual({ ok: true });
    // our independent computation agrees with the documented signature
    expect(sign(SIGNING_SECRET, "1531420618", body)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("accepts a freshly signed event", async () => {
    expect(await verifier()(signedRequest(messageEventBody()))).toEqual({ ok: true });
  });

  it("rejects a tampered body", async () => {
    const good = signedRequest(messageEventBody());
    const tampered = { ...good, rawBody: Buffer.from(messageEventBody({ text: "Acme asked for a *bigger* discount" })) };
    expect(await verifier()(tampered)).toMatchObject({ ok: false });
  });

  it("rejects a signature made with another secret", async () => {
    expect(await verifier()(signedRequest(messageEventBody(), { secret: "another-apps-secret" }))).toMatchObject({ ok: false });
  });

  it("rejects a request older than five minutes even with a valid signature (replayed capture)", async () => {
    const old = signedRequest(messageEventBody(), { timestamp: NOW_SECONDS - 301 });
    expect(await verifier()(old)).toMatchObject({ ok: false });
    const recentEnough = signedRequest(messageEventBody(), { timestamp: NOW_SECONDS - 299 });
    expect(await verifier()(recentEnough)).toEqual({ ok: true });
  });

  it("rejects missing signature headers and a missing signing secret", async () => {
    expect(await verifier()(request(messageEventBody(), {}))).toMatchObject({ ok: false });
    const unconfigured = webhook.verifier({}, context());
    expect(await unconfigured(signedRequest(messageEventBody()))).toMatchObject({ ok: false });
  });
});

describe("url_verification", () => {
  const challengeBody = JSON.stringify({ token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });

  it("is never answered before verification: there is no pre-verification handshake", () => {
    expect(webhook.handshake).toBeUndefined();
  });

  it("an unsigned challenge fails verification, so it gets the runtime's 401", async () => {
    expect(await verifier()(request(challengeBody, {}))).toMatchObject({ ok: false });
  });

  it("a signed challenge is echoed after verification", async () => {
    const signed = signedRequest(challengeBody);
    expect(await verifier()(signed)).toEqual({ ok: true });
    expect(webhook.verifiedHandshake?.(signed, context())).toEqual({
      status: 200,
      headers: { "content-type": "application/json" },
      body: { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" },
    });
  });

  it("an ordinary event is not a handshake", () => {
    expect(webhook.verifiedHandshake?.(signedRequest(messageEventBody()), context())).toBeUndefined();
  });
});

describe("parse", () => {
  it("dedupes by event_id: Slack's retries (X-Slack-Retry-Num) carry the same key", () => {
    const first = webhook.parse(signedRequest(messageEventBody()));
    const retry = webhook.parse(signedRequest(messageEventBody(), { extra: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }));
    expect(first).toEqual([{ dedupeKey: "Ev0MSG1", type: "message", subscription: "message.channels", payload: expect.objectContaining({ event_id: "Ev0MSG1" }) }]);
    expect(retry.map((e) => e.dedupeKey)).toEqual(["Ev0MSG1"]);
    expect(webhook.parse(signedRequest(messageEventBody({}, "Ev0MSG2")))[0]?.dedupeKey).toBe("Ev0MSG2");
  });

  it("turns app_rate_limited into an event of its own", () => {
    const body = JSON.stringify({ token: "t", type: "app_rate_limited", team_id: "T0001", minute_rate_limited: 1_712_000_460, api_app_id: "A0001" });
    expect(webhook.parse(signedRequest(body))).toEqual([
      { dedupeKey: "app_rate_limited:T0001:1712000460", type: "app_rate_limited", payload: expect.any(Object) },
    ]);
  });

  it("throws on a malformed body", () => {
    expect(() => webhook.parse(signedRequest("{not json"))).toThrow();
    expect(() => webhook.parse(signedRequest(JSON.stringify({ type: "event_callback", event: { type: "message" } })))).toThrow();
  });
});

describe("toMemory", () => {
  let fake: SlackFake;
  let slack: PlatformHarness<SlackApi>;

  beforeEach(async () => {
    fake = await SlackFake.start(workspace);
    slack = platformHarness(definition, { baseUrl: fake.apiUrl, credentials: { SLACK_BOT_TOKEN: BOT_TOKEN }, settings: slackSettings });
  });

  afterEach(async () => {
    expect(fake.unexpected()).toEqual([]);
    await fake.close();
  });

  const toMemory = (body: string) => {
    const [event] = webhook.parse(signedRequest(body));
    return webhook.toMemory(event!, slack.ctx);
  };

  it("writes a message as a line a person could read, with channel and author names", async () => {
    const [record, ...rest] = await toMemory(messageEventBody());
    expect(rest).toEqual([]);
    expect(record).toEqual({
      key: "slack:message:C0GENERAL:1712000450.000200",
      source: "slack",
      type: "message",
      timestamp: "2024-04-01T19:40:50.000Z",
      title: "#general: message from jane",
      content: "jane wrote in #general on 2024-04-01 19:40 UTC:\nAcme asked for a *discount* on the renewal",
      record: expect.objectContaining({ channelId: "C0GENERAL", channelName: "general", user: "U0JANE", authorName: "jane" }),
    });
  });

  it("gives an app_mention of the same message the same key, so it is stored once", async () => {
    const [mention] = await toMemory(messageEventBody({ type: "app_mention" }, "Ev0MENTION"));
    expect(mention?.key).toBe("slack:message:C0GENERAL:1712000450.000200");
  });

  it("describes thread replies as replies", async () => {
    const [reply] = await toMemory(messageEventBody({ thread_ts: "1712000300.000100" }));
    expect(reply?.content).toMatch(/^jane replied in a thread in #general/);
  });

  it("stores an edit as its own record and ignores deletions and joins", async () => {
    const [edit] = await toMemory(
      messageEventBody({
        subtype: "message_changed",
        message: { type: "message", user: "U0JANE", text: "Acme asked for 10% off", ts: "1712000450.000200", edited: { user: "U0JANE", ts: "1712000470.000000" } },
        ts: "1712000470.000300",
      }),
    );
    expect(edit?.key).toBe("slack:message:C0GENERAL:1712000450.000200:edit:1712000470.000000");
    expect(edit?.content).toContain("jane edited a message in #general");
    expect(edit?.content).toContain("Acme asked for 10% off");
    expect(await toMemory(messageEventBody({ subtype: "message_deleted", deleted_ts: "1712000450.000200", text: undefined }))).toEqual([]);
    expect(await toMemory(messageEventBody({ subtype: "channel_join", text: "<@U0BOB> has joined the channel" }))).toEqual([]);
  });

  it("records a reaction with who reacted to whose message", async () => {
    const body = JSON.stringify({
      type: "event_callback",
      event_id: "Ev0REACT",
      event: { type: "reaction_added", user: "U0BOB", reaction: "eyes", item_user: "U0JANE", item: { type: "message", channel: "C0GENERAL", ts: "1712000100.000100" }, event_ts: "1712000460.000100" },
    });
    const [record] = await toMemory(body);
    expect(record).toMatchObject({
      key: "slack:reaction:C0GENERAL:1712000100.000100:U0BOB:eyes",
      type: "reaction",
      content: "bob reacted :eyes: to jane's message (ts 1712000100.000100) in #general on 2024-04-01 19:41 UTC.",
    });
  });

  it("still stores the message with ids when a name lookup fails", async () => {
    const [record] = await toMemory(messageEventBody({ user: "U0GONE", channel: "C0MISSING" }));
    expect(record?.content).toBe("U0GONE wrote in channel C0MISSING on 2024-04-01 19:40 UTC:\nAcme asked for a *discount* on the renewal");
  });

  it("ignores event types it does not remember and app_rate_limited notices", async () => {
    const other = JSON.stringify({ type: "event_callback", event_id: "Ev0X", event: { type: "team_join", user: { id: "U9" } } });
    expect(await toMemory(other)).toEqual([]);
    const limited = JSON.stringify({ type: "app_rate_limited", team_id: "T0001", minute_rate_limited: 1 });
    expect(await toMemory(limited)).toEqual([]);
  });
});
