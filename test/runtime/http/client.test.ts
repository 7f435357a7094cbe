import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { UpstreamError, type AuthScheme } from "../../../services/runtime/contract.js";
import { createPlatformHttp, type PlatformHttpOptions } from "../../../services/runtime/http/client.js";
import { bearerAuth } from "../../../services/runtime/http/static-auth.js";
import { OAuthTokenManager } from "../../../services/runtime/http/token-manager.js";
import { FakeUpstream } from "../../fakes/upstream.js";

const log = pino({ level: "silent" });
const thing = z.object({ id: z.string(), name: z.string() });

let fake: FakeUpstream;
afterEach(async () => {
  await fake?.close();
});

/** A client whose backoff sleeps are recorded instead of waited, so retries take no wall time. */
function client(overrides: Partial<PlatformHttpOptions> = {}) {
  const sleeps: number[] = [];
  const registry = new Registry();
  const http = createPlatformHttp({
    platform: "hubspot",
    title: "HubSpot",
    baseUrl: overrides.baseUrl ?? fake.url,
    auth: bearerAuth("secret-token-123"),
    registry,
    log,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { http, sleeps, registry };
}

async function metricValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label));
  return match?.value ?? 0;
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("platform HTTP client against a faulty upstream", () => {
  it("waits out a 429's Retry-After (seconds) and then succeeds, counting the rate limit", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail([{ kind: "status", status: 429, headers: { "retry-after": "3" } }]);
    const { http, sleeps, registry } = client();

    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toEqual({ id: "7", name: "seven" });
    expect(fake.requests.map((r) => r.answer)).toEqual([429, 200]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(await metricValue(registry, "mcp_upstream_rate_limited_total", { source: "upstream" })).toBe(1);
    expect(await metricValue(registry, "mcp_upstream_retries_total", { reason: "429" })).toBe(1);
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "429", method: "GET" })).toBe(1);
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "200", method: "GET" })).toBe(1);
  });

  it("honours Retry-After given as an HTTP date and X-RateLimit-Reset given as epoch seconds", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    const inTenSeconds = new Date(Date.now() + 10_000);
    fake.fail([
      { kind: "status", status: 429, headers: { "retry-after": inTenSeconds.toUTCString() } },
      { kind: "status", status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 20) } },
    ]);
    const { http, sleeps } = client();

    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThan(7_000); // the date has one-second resolution
    expect(sleeps[0]).toBeLessThanOrEqual(10_500);
    expect(sleeps[1]).toBeGreaterThan(17_000);
  });

  it("retries 500s on an idempotent GET with growing full-jitter backoff", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail([{ kind: "status", status: 500 }, { kind: "status", status: 502 }, { kind: "status", status: 504 }]);
    const { http, sleeps } = client();

    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    expect(fake.requests.map((r) => r.answer)).toEqual([500, 502, 504, 200]);
    // random() = 0.5 of min(cap, 500 ms * 2^n)
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it("does not retry a 500 on a POST (it may have been executed) unless it carries an Idempotency-Key", async () => {
    fake = await FakeUpstream.start();
    fake.route("POST", "/v1/things", () => ({ status: 201, body: { id: "8", name: "new" } }));
    fake.fail([{ kind: "status", status: 500, body: JSON.stringify({ message: "boom for jane@example.com" }) }]);
    const { http } = client();

    const error = await rejection(http.json({ method: "POST", url: "/v1/things", body: { name: "new" } }, thing));
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(false);
    expect(error.safeMessage).toBe("HubSpot answered 500 Internal Server Error for POST /v1/things");
    expect(fake.requests).toHaveLength(1);

    fake.fail([{ kind: "status", status: 500 }]);
    const created = await http.json({ method: "POST", url: "/v1/things", body: { name: "new" }, headers: { "idempotency-key": "k1" } }, thing);
    expect(created.id).toBe("8");
    expect(fake.requests.slice(1).map((r) => r.answer)).toEqual([500, 201]);
  });

  it("retries a 503 even on a POST, the platform did not process it", async () => {
    fake = await FakeUpstream.start();
    fake.route("POST", "/v1/things", () => ({ status: 201, body: { id: "8", name: "new" } }));
    fake.fail([{ kind: "status", status: 503 }]);
    const { http } = client();
    await expect(http.json({ method: "POST", url: "/v1/things", body: { name: "new" } }, thing)).resolves.toMatchObject({ id: "8" });
    expect(fake.requests.map((r) => JSON.parse(r.body))).toEqual([{ name: "new" }, { name: "new" }]);
  });

  it("retries a reset connection on GET, and gives an honest error for a reset POST", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.route("POST", "/v1/things", () => ({ status: 201, body: { id: "8", name: "new" } }));
    fake.fail([{ kind: "reset" }, { kind: "reset" }]);
    const { http, registry } = client();

    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    expect(fake.requests.map((r) => r.answer)).toEqual(["reset", "reset", 200]);
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "network" })).toBe(2);

    fake.fail([{ kind: "reset" }]);
    const error = await rejection(http.json({ method: "POST", url: "/v1/things", body: { name: "x" } }, thing));
    expect(error.status).toBe(0);
    expect(error.retryable).toBe(false);
    expect(error.safeMessage).toBe("HubSpot could not be reached for POST /v1/things");
  });

  it("retries a refused connection (nothing was sent) and ends in an honest error when the budget is spent", async () => {
    fake = await FakeUpstream.start();
    const closedUrl = fake.url;
    await fake.close();
    const { http, sleeps } = client({ baseUrl: closedUrl, maxAttempts: 3 });
    const error = await rejection(http.json({ method: "POST", url: "/v1/things", body: {} }, thing));
    expect(error.status).toBe(0);
    expect(error.retryable).toBe(true);
    expect(error.safeMessage).toBe("HubSpot could not be reached for POST /v1/things (3 attempts)");
    expect(error.detail).toContain("ECONNREFUSED");
    expect(sleeps).toHaveLength(2);
    fake = await FakeUpstream.start(); // for afterEach
  });

  it("times out a slow answer per attempt and succeeds on the next attempt", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail([{ kind: "slow", ms: 2_000 }]);
    const { http, registry } = client({ timeoutMs: 200 });

    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "timeout" })).toBe(1);
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "200" })).toBe(1);
  });

  it("reports a platform that stays slow as a timeout, not as a crash", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail([{ kind: "slow", ms: 2_000 }, { kind: "slow", ms: 2_000 }]);
    const { http } = client({ timeoutMs: 150, maxAttempts: 2 });
    const error = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(error.safeMessage).toBe("HubSpot did not answer within 150 ms for GET /v1/things/{id} (2 attempts)");
    expect(error.retryable).toBe(true);
  });

  it("gives up with a retryable error carrying the status after the retry budget", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail(Array.from({ length: 4 }, () => ({ kind: "status", status: 503 }) as const));
    const { http } = client();
    const error = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(fake.requests).toHaveLength(4);
  });

  it("does not wait for a Retry-After longer than the budget: a retryable 429 error, and later calls fail fast", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail([{ kind: "status", status: 429, headers: { "retry-after": "3600" } }]);
    const { http, sleeps } = client({ maxRetryWaitMs: 10_000 });

    const first = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(first.status).toBe(429);
    expect(first.retryable).toBe(true);
    expect(first.retryAfterMs).toBe(3_600_000);
    const second = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(second.status).toBe(429);
    expect(second.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("refreshes an expired token once on 401 and retries with the new one", async () => {
    let validToken = "fresh-1";
    fake = await FakeUpstream.start({ acceptsAuthorization: (header) => header === `Bearer ${validToken}` });
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    let refreshes = 0;
    const tokens = new OAuthTokenManager({
      platform: "hubspot",
      title: "HubSpot",
      initial: { accessToken: "fresh-1" },
      refresh: async () => {
        refreshes += 1;
        return { accessToken: `fresh-${refreshes + 1}`, expiresInSeconds: 1800 };
      },
    });
    const { http } = client({ auth: tokens });

    await http.json({ method: "GET", url: "/v1/things/7" }, thing);
    validToken = "fresh-2"; // the platform expired our token early
    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    expect(refreshes).toBe(1);
    expect(fake.requests.map((r) => [r.headers.authorization, r.answer])).toEqual([
      ["Bearer fresh-1", 200],
      ["Bearer fresh-1", 401],
      ["Bearer fresh-2", 200],
    ]);
  });

  it("answers a 401 with an error when the auth scheme cannot refresh", async () => {
    fake = await FakeUpstream.start({ acceptsAuthorization: () => false });
    const auth: AuthScheme = { headers: async () => ({ authorization: "Bearer nope" }), onUnauthorized: async () => false };
    const { http } = client({ auth });
    const error = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it("keeps identifiers, query strings, tokens and bodies out of the safe message", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/crm/v3/objects/deals/123456789", () => ({ status: 404, body: { message: "deal of jane@example.com not found", category: "OBJECT_NOT_FOUND" } }));
    const { http } = client();
    const error = await rejection(http.json({ method: "GET", url: "/crm/v3/objects/deals/123456789", query: { email: "jane@example.com" } }, thing));
    expect(error.safeMessage).toBe("HubSpot answered 404 Not Found for GET /crm/v3/objects/deals/{id}");
    expect(error.message).not.toContain("jane");
    expect(error.message).not.toContain("secret-token-123");
    expect(error.detail).toContain("OBJECT_NOT_FOUND");
    expect(fake.requests[0]?.url).toBe("/crm/v3/objects/deals/123456789?email=jane%40example.com");
  });

  it("names the path of a response that does not match the schema", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things", () => ({ body: { results: [{ id: "1", name: "a" }, { id: 2, name: "b" }] } }));
    const { http } = client();
    const error = await rejection(http.json({ method: "GET", url: "/v1/things" }, z.object({ results: z.array(thing) })));
    expect(error.safeMessage).toMatch(/^HubSpot answered GET \/v1\/things with an unexpected shape at results\[1\]\.id: /);
    expect(error.retryable).toBe(false);
  });

  it("opens the circuit after consecutive failures, fails fast while open, and closes after a good probe", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7", name: "seven" } }));
    fake.fail([{ kind: "status", status: 500 }, { kind: "status", status: 500 }]);
    const { http, registry } = client({ maxAttempts: 1, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 200 } });

    await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    const open = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(open.status).toBe(0);
    expect(open.safeMessage).toMatch(/^HubSpot answered with errors \(HTTP 500\) 2 times in a row, so requests are paused for up to 0 s \(circuit open\)/);
    expect(fake.requests).toHaveLength(2);
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "circuit_open" })).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    await expect(http.json({ method: "GET", url: "/v1/things/7" }, thing)).resolves.toMatchObject({ id: "7" });
    expect(fake.requests).toHaveLength(4);
  });

  it("says, and logs when the circuit opens, that the platform could not be reached at all", async () => {
    fake = await FakeUpstream.start();
    const closedUrl = fake.url;
    await fake.close();
    const lines: string[] = [];
    const recording = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const { http } = client({ baseUrl: closedUrl, maxAttempts: 1, log: recording, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    const open = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    expect(open.safeMessage).toMatch(/^HubSpot could not be reached \(ECONNREFUSED\) 2 times in a row, so requests are paused for up to 60 s \(circuit open\)/);
    const opened = lines.map((line) => JSON.parse(line) as { msg: string; cause?: string; reached?: boolean }).find((entry) => entry.msg.startsWith("circuit opened"));
    expect(opened).toMatchObject({ msg: "circuit opened: HubSpot could not be reached (ECONNREFUSED); requests are paused", cause: "ECONNREFUSED", reached: false });
  });

  it("refuses at once while the circuit is open, without first waiting for a rate-limit slot", async () => {
    fake = await FakeUpstream.start();
    const closedUrl = fake.url;
    await fake.close();
    // one call a minute: every paced request records a wait of about a minute in `sleeps`
    const { http, sleeps, registry } = client({ baseUrl: closedUrl, maxAttempts: 1, apiCallsPerMinute: 1, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
    const pacedBeforeOpen = sleeps.length;
    expect(pacedBeforeOpen).toBe(1);

    for (let i = 0; i < 3; i += 1) {
      const refused = await rejection(http.json({ method: "GET", url: "/v1/things/7" }, thing));
      expect(refused.safeMessage).toMatch(/^HubSpot could not be reached \(ECONNREFUSED\) 2 times in a row, so requests are paused for up to 60 s \(circuit open\)/);
    }
    expect(sleeps).toHaveLength(pacedBeforeOpen);
    expect(await metricValue(registry, "mcp_upstream_requests_total", { status: "circuit_open" })).toBe(3);
  });

  it("serves vendor SDKs through fetch with the same policies, resending the body on retry", async () => {
    fake = await FakeUpstream.start();
    fake.route("POST", "/api/chat.postMessage", (request) => ({ body: { ok: true, echoed: JSON.parse(request.body) } }));
    fake.fail([{ kind: "status", status: 429, headers: { "retry-after": "1" } }]);
    const { http } = client({ platform: "slack" });

    const response = await http.fetch("/api/chat.postMessage", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C1", text: "hi" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, echoed: { channel: "C1", text: "hi" } });
    expect(fake.requests.map((r) => [r.answer, r.body, r.headers.authorization])).toEqual([
      [429, '{"channel":"C1","text":"hi"}', "Bearer secret-token-123"],
      [200, '{"channel":"C1","text":"hi"}', "Bearer secret-token-123"],
    ]);
  });

  it("stops waiting when the caller aborts during a backoff", async () => {
    fake = await FakeUpstream.start();
    fake.fail([{ kind: "status", status: 503, headers: { "retry-after": "20" } }]);
    const { http } = client({ sleep: undefined });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("client went away")), 100);
    await expect(http.json({ method: "GET", url: "/v1/things/7", signal: controller.signal }, thing)).rejects.toThrow("client went away");
    expect(fake.requests).toHaveLength(1);
  });

  it("registers its metrics once per registry however many clients share it", () => {
    const registry = new Registry();
    const options = { platform: "gong", title: "Gong", baseUrl: "http://127.0.0.1:1", auth: bearerAuth("x"), registry, log };
    expect(() => {
      createPlatformHttp(options);
      createPlatformHttp({ ...options, platform: "slack", title: "Slack" });
    }).not.toThrow();
    expect(registry.getSingleMetric("mcp_upstream_requests_total")).toBeDefined();
  });
});
