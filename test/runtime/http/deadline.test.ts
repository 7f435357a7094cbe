/**
 * The platform HTTP client inside a tool call's bounds (call-bounds.ts): the call's deadline bounds
 * waits in the rate-limit queue, backoff between retries and token waits, and ends in an error that
 * says which of them it cut short. Fake timers: the deadline and the client's sleeps are setTimeout,
 * advanced by the test, while the fake platform answers over real loopback sockets.
 */
import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DeadlineReached, runWithinCall, startCall, UpstreamDeadlineError, type StartedCall } from "../../../services/runtime/call-bounds.js";
import { UpstreamError } from "../../../services/runtime/contract.js";
import { createPlatformHttp, type PlatformHttpOptions } from "../../../services/runtime/http/client.js";
import { realSleep } from "../../../services/runtime/http/pacing.js";
import { bearerAuth } from "../../../services/runtime/http/static-auth.js";
import { FakeUpstream } from "../../fakes/upstream.js";

const thing = z.object({ id: z.string() });
const DEADLINE_MS = 20_000;

let fake: FakeUpstream | undefined;
let call: StartedCall | undefined;
afterEach(async () => {
  call?.end();
  vi.useRealTimers();
  await fake?.close();
});

/** A client that really sleeps (on the fake clock) and tells when it starts a sleep. */
function client(overrides: Partial<PlatformHttpOptions> = {}) {
  const sleeps: number[] = [];
  let started: () => void = () => undefined;
  let sleeping = new Promise<void>((resolve) => (started = resolve));
  const http = createPlatformHttp({
    platform: "hubspot",
    title: "HubSpot",
    baseUrl: fake!.url,
    auth: bearerAuth("secret-token-123"),
    registry: new Registry(),
    log: pino({ level: "silent" }),
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      started();
      return realSleep(ms);
    },
    ...overrides,
  });
  return {
    http,
    sleeps,
    /** resolves once the client has started its next sleep */
    nextSleep: async () => {
      await sleeping;
      sleeping = new Promise<void>((resolve) => (started = resolve));
    },
  };
}

/** Starts a call with the deadline on fake timers and runs `work` as its work. */
function withinCall<T>(work: () => Promise<T>, signal = new AbortController().signal): Promise<T> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  call = startCall(signal, DEADLINE_MS);
  const running = runWithinCall(call, work);
  running.catch(() => undefined);
  return running;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}

describe("the platform HTTP client within a tool call's deadline", () => {
  it("stops waiting in the rate-limit queue at the deadline, without sending the request", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7" } }));
    // one request a minute: the second waits about 61 s for its slot
    const { http, nextSleep } = client({ apiCallsPerMinute: 1 });
    const running = withinCall(async () => {
      await http.json({ method: "GET", url: "/v1/things/7" }, thing);
      return http.json({ method: "GET", url: "/v1/things/7" }, thing);
    });
    await nextSleep();
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    const error = await rejection(running);
    expect(error).toBeInstanceOf(UpstreamDeadlineError);
    expect((error as UpstreamError).safeMessage).toBe("HubSpot: deadline of 20 s reached while waiting in the rate-limit queue for GET /v1/things/{id}");
    expect(fake.requests).toHaveLength(1);
  });

  it("stops backing off between retries at the deadline, naming what it was retrying after", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7" } }));
    fake.fail([{ kind: "status", status: 503 }]);
    // the first backoff is 30 s (half of 60 s with random 0.5), longer than the deadline
    const { http, sleeps, nextSleep } = client({ backoff: { baseMs: 60_000, capMs: 60_000 } });
    const running = withinCall(() => http.json({ method: "GET", url: "/v1/things/7" }, thing));
    await nextSleep();
    expect(sleeps).toEqual([30_000]);
    await vi.advanceTimersByTimeAsync(DEADLINE_MS - 1);
    expect(fake.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await rejection(running);
    expect((error as UpstreamError).safeMessage).toBe("HubSpot: deadline of 20 s reached while retrying after HTTP 503 for GET /v1/things/{id}");
    expect(fake.requests).toHaveLength(1);
  });

  it("says at once when the platform's Retry-After outlasts the deadline, instead of waiting for it", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7" } }));
    fake.fail([{ kind: "status", status: 503, headers: { "retry-after": "25" } }]);
    const { http, sleeps } = client();
    const error = await rejection(withinCall(() => http.json({ method: "GET", url: "/v1/things/7" }, thing)));
    expect(error).toBeInstanceOf(UpstreamDeadlineError);
    expect((error as UpstreamError).safeMessage).toMatch(
      /^HubSpot: deadline of 20 s would be reached while retrying after HTTP 503: GET \/v1\/things\/\{id\} can be retried in 26 s$/,
    );
    expect(sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("stops waiting for an access token at the deadline", async () => {
    fake = await FakeUpstream.start();
    const { http } = client({ auth: { headers: () => new Promise<Record<string, string>>(() => undefined) } });
    const running = withinCall(() => http.json({ method: "GET", url: "/v1/things/7" }, thing));
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    const error = await rejection(running);
    expect((error as UpstreamError).safeMessage).toBe("HubSpot: deadline of 20 s reached while waiting for an access token for GET /v1/things/{id}");
    expect(fake.requests).toHaveLength(0);
  });

  it("a cancelled call is a cancellation, not a deadline, and its request goes no further", async () => {
    fake = await FakeUpstream.start();
    fake.route("GET", "/v1/things/7", () => ({ body: { id: "7" } }));
    fake.fail([{ kind: "status", status: 503 }]);
    const { http, nextSleep } = client({ backoff: { baseMs: 60_000, capMs: 60_000 } });
    const cancel = new AbortController();
    const running = withinCall(() => http.json({ method: "GET", url: "/v1/things/7" }, thing), cancel.signal);
    await nextSleep();
    cancel.abort(new Error("client went away"));
    const error = await rejection(running);
    expect(error).not.toBeInstanceOf(UpstreamError);
    expect(error).not.toBeInstanceOf(DeadlineReached);
    expect((error as Error).message).toBe("client went away");
    expect(fake.requests).toHaveLength(1);
  });
});
