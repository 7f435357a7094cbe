import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/asana/index.js";
import type { AsanaApi } from "../../../services/platforms/asana/api/index.js";
import { REGISTRATION_WINDOW_MS, openRegistration, secretStateKey } from "../../../services/platforms/asana/api/registration.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, SETTINGS, TOKEN, startHarness } from "./harness.js";
import { memoryState, webhookContext } from "../../support/webhook-intake.js";

const webhook = definition.webhook as WebhookDefinition<AsanaApi>;
/** Asana's handshake example secret (developers.asana.com, "Establish a webhook"). */
const HOOK_SECRET = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
const PATH = "/webhook/asana/events";

/** A webhook context as the runtime's intake builds it: the credentials and state its handshakes and verifier share. */
function intake(accessToken = TOKEN, now: Date = NOW) {
  const state = memoryState();
  const credentials = { ASANA_ACCESS_TOKEN: accessToken };
  const ctx = webhookContext({ settings: SETTINGS, now, credentials, state });
  const verify = webhook.verifier(credentials, ctx);
  return { ctx, state, verify };
}

function request(url: string, headers: Record<string, string>, body = ""): RawWebhookRequest {
  return { method: "POST", url, publicUrl: `https://hooks.acme.test${url}`, headers, rawBody: Buffer.from(body), receivedAt: NOW };
}

/** Asana's scheme, computed here independently of the code under test: hex HMAC-SHA256 of the raw body. */
function sign(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

function handshake(url: string, secret = HOOK_SECRET): RawWebhookRequest {
  return request(url, { "x-hook-secret": secret, "content-length": "0" });
}

/** A registration opened by asana_create_webhook a moment ago, and its handshake answered. */
async function registered() {
  const setup = intake();
  const { token, registration } = openRegistration(TOKEN, NOW);
  const url = `${PATH}?registration=${token}`;
  const answer = await webhook.handshake?.(handshake(url), setup.ctx);
  expect(answer).toEqual({ status: 200, headers: { "x-hook-secret": HOOK_SECRET } });
  return { ...setup, url, registration };
}

describe("Asana's handshake: only for a webhook this server is registering", () => {
  it("echoes and stores X-Hook-Secret inside a registration window", async () => {
    const { state, registration } = await registered();
    expect(state.values.get(secretStateKey(registration.id))).toBe(HOOK_SECRET);
    expect(state.values.size).toBe(1);
  });

  it("refuses an unsolicited handshake and stores nothing", async () => {
    const { ctx, state } = intake();
    expect(await webhook.handshake?.(handshake(PATH), ctx)).toEqual({ status: 403, body: { error: "handshake refused" } });
    expect(state.values.size).toBe(0);
  });

  it("refuses a registration token it did not mint: forged, minted with another token, or tampered", async () => {
    const { ctx, state } = intake();
    const forged = `${"a".repeat(24)}.${Math.floor(NOW.getTime() / 1000) + 60}.${"0".repeat(64)}`;
    const foreign = openRegistration("someone-elses-token", NOW).token;
    const [id, expires, mac] = openRegistration(TOKEN, NOW).token.split(".");
    const extended = `${id}.${Number(expires) + 86_400}.${mac}`;
    for (const token of [forged, foreign, extended, "garbage"]) {
      expect((await webhook.handshake?.(handshake(`${PATH}?registration=${token}`), ctx))?.status).toBe(403);
    }
    expect(state.values.size).toBe(0);
  });

  it("refuses a handshake after the window closed", async () => {
    const { token } = openRegistration(TOKEN, NOW);
    const later = intake(TOKEN, new Date(NOW.getTime() + REGISTRATION_WINDOW_MS + 1_000));
    expect((await webhook.handshake?.(handshake(`${PATH}?registration=${token}`), later.ctx))?.status).toBe(403);
    expect(later.state.values.size).toBe(0);
  });

  it("refuses a second, different secret for a registration (Asana's own retry of the same one is answered)", async () => {
    const { ctx, state, url, registration } = await registered();
    expect((await webhook.handshake?.(handshake(url, "f".repeat(64)), ctx))?.status).toBe(409);
    expect(state.values.get(secretStateKey(registration.id))).toBe(HOOK_SECRET);
    expect((await webhook.handshake?.(handshake(url), ctx))?.status).toBe(200);
  });

  it("refuses every handshake when the integration has no access token to check registrations with", async () => {
    const state = memoryState();
    const ctx = webhookContext({ settings: SETTINGS, now: NOW, state });
    const { token } = openRegistration(TOKEN, NOW);
    expect((await webhook.handshake?.(handshake(`${PATH}?registration=${token}`), ctx))?.status).toBe(403);
    expect(state.values.size).toBe(0);
  });

  it("answers 503 and echoes nothing when the secret cannot be stored (the memory server is down)", async () => {
    const ctx = webhookContext({
      settings: SETTINGS,
      now: NOW,
      credentials: { ASANA_ACCESS_TOKEN: TOKEN },
      state: { get: async () => undefined, set: async () => Promise.reject(new Error("memory server unreachable")) },
    });
    const { token } = openRegistration(TOKEN, NOW);
    const answer = await webhook.handshake?.(handshake(`${PATH}?registration=${token}`), ctx);
    expect(answer?.status).toBe(503);
    expect(answer?.headers).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(HOOK_SECRET);
  });

  it("leaves a normal delivery (no X-Hook-Secret) to the verifier", async () => {
    const { ctx } = intake();
    expect(await webhook.handshake?.(request(PATH, { "x-hook-signature": "00" }, "{}"), ctx)).toBeUndefined();
  });
});

describe("X-Hook-Signature", () => {
  const body = JSON.stringify({ events: [{ user: { gid: "1", resource_type: "user" }, created_at: "2026-11-20T11:59:00.000Z", action: "changed", resource: { gid: "2", resource_type: "task" }, parent: null, change: { field: "name", action: "changed" } }] });

  it("matches the reference vector computed outside our code", () => {
    expect(sign(HOOK_SECRET, '{"events":[]}')).toBe("10468027b67df18c739cc4794c6fc2d2806dcaaf2259fc3e1ed9d26433659853");
  });

  it("accepts the hex HMAC of the raw body with the webhook's stored secret", async () => {
    const { verify, url } = await registered();
    expect(await verify(request(url, { "x-hook-signature": sign(HOOK_SECRET, body) }, body))).toEqual({ ok: true });
    expect(await verify(request(url, { "x-hook-signature": "10468027b67df18c739cc4794c6fc2d2806dcaaf2259fc3e1ed9d26433659853" }, '{"events":[]}'))).toEqual({ ok: true });
  });

  it("rejects a tampered body, a wrong secret, a missing signature", async () => {
    const { verify, url } = await registered();
    const signature = sign(HOOK_SECRET, body);
    expect(await verify(request(url, { "x-hook-signature": signature }, body.replace('"name"', '"notes"')))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(await verify(request(url, { "x-hook-signature": sign("wrong-secret", body) }, body))).toEqual({ ok: false, reason: "signature mismatch" });
    expect(await verify(request(url, {}, body))).toEqual({ ok: false, reason: "missing x-hook-signature header" });
  });

  it("rejects deliveries to a URL without a registration, or one whose handshake never happened here", async () => {
    const { verify } = await registered();
    const signature = sign(HOOK_SECRET, body);
    expect(await verify(request(PATH, { "x-hook-signature": signature }, body))).toEqual({ ok: false, reason: "no registration in the webhook URL" });
    const other = openRegistration(TOKEN, NOW).token;
    expect(await verify(request(`${PATH}?registration=${other}`, { "x-hook-signature": signature }, body))).toEqual({ ok: false, reason: "no secret stored for this webhook" });
  });
});

describe("Asana event batches", () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    user: { gid: "1200000000000001", resource_type: "user" },
    created_at: "2026-11-20T11:58:00.000Z",
    action: "changed",
    resource: { gid: "1200000000000010", resource_type: "task", resource_subtype: "default_task" },
    parent: null,
    change: { field: "completed", action: "changed" },
    ...overrides,
  });
  const parse = (events: unknown[]) => webhook.parse(request(PATH, {}, JSON.stringify({ events })));

  it("parses each event with its subscription name and a key stable across a replayed body", () => {
    const events = [event(), event({ action: "added", resource: { gid: "1200000000000011", resource_type: "story", resource_subtype: "comment_added" }, change: null })];
    const first = parse(events);
    expect(first.map((e) => [e.type, e.subscription])).toEqual([
      ["task.changed", "task.changed"],
      ["story.added", "story.added"],
    ]);
    expect(parse(events).map((e) => e.dedupeKey)).toEqual(first.map((e) => e.dedupeKey));
    expect(new Set(first.map((e) => e.dedupeKey)).size).toBe(2);
    // the same task changed in another field at the same instant is another event
    expect(parse([event({ change: { field: "name", action: "changed" } })])[0]?.dedupeKey).not.toBe(first[0]?.dedupeKey);
  });

  it("treats an empty batch as a heartbeat and a body that is not Asana's as malformed", () => {
    expect(parse([])).toEqual([]);
    expect(() => webhook.parse(request(PATH, {}, '{"data":[]}'))).toThrow();
    expect(() => webhook.parse(request(PATH, {}, "not json"))).toThrow();
  });
});

describe("Asana events as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));
  const asEvent = (payload: Record<string, unknown>): WebhookEvent => {
    const parsed = webhook.parse(request(PATH, {}, JSON.stringify({ events: [payload] })));
    return parsed[0] ?? expect.unreachable();
  };

  it("says who completed which task, where, with a link", async () => {
    h.fake.touch(h.ws.tasks.pricing, { completed: true, completed_at: "2026-11-20T11:58:00.000Z" });
    const event = asEvent({ user: { gid: h.ws.grace, resource_type: "user" }, created_at: "2026-11-20T11:58:00.000Z", action: "changed", resource: { gid: h.ws.tasks.pricing, resource_type: "task" }, parent: null, change: { field: "completed", action: "changed" } });
    const [memory, ...rest] = await webhook.toMemory(event, h.ctx);
    expect(rest).toEqual([]);
    expect(memory).toMatchObject({
      key: `asana:event:${event.dedupeKey}`,
      source: "asana",
      type: "task",
      timestamp: "2026-11-20T11:58:00.000Z",
      title: "Asana task: Pricing page",
      url: `https://app.asana.com/1/0/task/${h.ws.tasks.pricing}`,
    });
    expect(memory?.content).toBe('Grace Hopper completed the task "Pricing page". Asana task "Pricing page" in Website launch (To do). Completed on 2026-11-20. Assigned to Grace Hopper. Tags: blocked.');
  });

  it("turns a comment into who said what on which task", async () => {
    const story = h.fake.addStory(h.ws.tasks.copy, { text: "Can we   make the hero shorter?", by: h.ws.ada });
    const event = asEvent({ user: { gid: h.ws.ada, resource_type: "user" }, created_at: String(story.created_at), action: "added", resource: { gid: story.gid, resource_type: "story", resource_subtype: "comment_added" }, parent: { gid: h.ws.tasks.copy, resource_type: "task" } });
    const [memory] = await webhook.toMemory(event, h.ctx);
    expect(memory).toMatchObject({ type: "comment", title: 'Ada Lovelace commented on "Write launch copy"', url: `https://app.asana.com/0/0/${h.ws.tasks.copy}` });
    expect(memory?.content).toBe('Ada Lovelace commented on the Asana task "Write launch copy": "Can we make the hero shorter?"');
  });

  it("keeps a deleted task's event without fetching it, and a vanished task's event after a 404", async () => {
    const deleted = asEvent({ user: { gid: h.ws.ada, resource_type: "user" }, created_at: "2026-11-20T11:00:00.000Z", action: "deleted", resource: { gid: "1299999999999998", resource_type: "task" }, parent: null });
    const [memory] = await webhook.toMemory(deleted, h.ctx);
    expect(memory?.content).toBe("Ada Lovelace deleted the Asana task 1299999999999998.");
    expect(h.fake.requests.map((r) => r.path)).toEqual([`/users/${h.ws.ada}`]);
    const vanished = asEvent({ user: { gid: h.ws.ada, resource_type: "user" }, created_at: "2026-11-20T11:01:00.000Z", action: "changed", resource: { gid: "1299999999999997", resource_type: "task" }, parent: null, change: { field: "name", action: "changed" } });
    const [kept] = await webhook.toMemory(vanished, h.ctx);
    expect(kept?.content).toBe("Ada Lovelace changed the Asana task 1299999999999997 (name).");
    // the user's name was looked up once for both events
    expect(h.fake.requests.filter((r) => r.path.startsWith("/users/"))).toHaveLength(1);
  });
});
