import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createPlatformHttp } from "../../../services/runtime/http/client.js";
import { PACING_UTILIZATION, RequestPacer } from "../../../services/runtime/http/pacing.js";
import { bearerAuth } from "../../../services/runtime/http/static-auth.js";
import { FakeUpstream } from "../../fakes/upstream.js";

/** Virtual time: sleeping advances the clock, so a long sync is simulated exactly and instantly. */
function virtualPacer(perMinute: number) {
  let now = 0;
  const pacer = new RequestPacer(
    perMinute,
    async (ms) => {
      // concurrent sleepers overlap: each wakes at its own target, not at the sum of all waits
      const target = now + ms;
      await Promise.resolve();
      now = Math.max(now, target);
    },
    () => now,
  );
  return { pacer, now: () => now, advance: (ms: number) => (now += ms) };
}

function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

describe("request pacing", () => {
  it("runs a long sequential sync at >= 95% of the allowed rate and never over it in any 60 s window", async () => {
    const { pacer, now } = virtualPacer(600);
    const starts: number[] = [];
    for (let i = 0; i < 6_000; i += 1) {
      await pacer.acquire();
      starts.push(now());
    }
    expect(maxInAnyWindow(starts, 60_000)).toBeLessThanOrEqual(600);
    const minutes = (starts.at(-1) ?? 0) / 60_000;
    const ratePerMinute = (starts.length - 1) / minutes;
    expect(ratePerMinute).toBeGreaterThanOrEqual(0.95 * 600);
    expect(ratePerMinute).toBeLessThanOrEqual(600);
  });

  it("does not let idle time turn into a burst at a minute boundary", async () => {
    const { pacer, now, advance } = virtualPacer(60);
    await pacer.acquire();
    advance(10 * 60_000); // ten idle minutes earn no credit
    const starts: number[] = [];
    const calledAt = now();
    const all = Array.from({ length: 30 }, async () => {
      starts.push(calledAt + (await pacer.acquire()));
    });
    await Promise.all(all);
    starts.sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(60_000 / 60 / PACING_UTILIZATION - 1e-6);
  });

  it("holds every request back during a pause the platform asked for, then resumes paced", async () => {
    const { pacer, now } = virtualPacer(120);
    await pacer.acquire();
    pacer.pause(30_000);
    await pacer.acquire();
    expect(now()).toBeGreaterThanOrEqual(30_000);
    const resumed = now();
    await pacer.acquire();
    expect(now() - resumed).toBeCloseTo(500 / PACING_UTILIZATION, 3);
  });
});

describe("paced client against a rate-limited fake platform", () => {
  let fake: FakeUpstream;
  afterEach(async () => {
    await fake?.close();
  });
  const log = pino({ level: "silent" });
  const schema = z.object({ n: z.number() });

  it("sends a concurrent batch without a single 429 and never ahead of its slots", async () => {
    // the platform allows 11 requests per 2 s; we configure 300/min (5/s)
    fake = await FakeUpstream.start({ rateLimit: { requests: 11, windowMs: 2_000 } });
    fake.route("GET", "/v1/n", () => ({ body: { n: 1 } }));
    const http = createPlatformHttp({ platform: "gong", title: "Gong", baseUrl: fake.url, auth: bearerAuth("t"), apiCallsPerMinute: 300, registry: new Registry(), log, maxAttempts: 1 });

    // the fake runs in this process: its arrival times are on the same clock as this one
    const batchStart = performance.now();
    await Promise.all(Array.from({ length: 16 }, () => http.json({ method: "GET", url: "/v1/n" }, schema)));
    expect(fake.answered(429)).toBe(0);
    const arrivals = fake.requests.map((r) => r.arrivedAt).sort((a, b) => a - b);
    const interval = 60_000 / (300 * PACING_UTILIZATION);
    // request k arrives no earlier than its slot, k intervals after the batch began: a lower bound
    // only (a busy machine delays arrivals, never advances them); 1 ms for timer rounding
    arrivals.forEach((arrival, k) => expect(arrival - batchStart).toBeGreaterThanOrEqual(k * interval - 1));
  });

  it("would have been rate limited without pacing (the fake really enforces the limit)", async () => {
    fake = await FakeUpstream.start({ rateLimit: { requests: 11, windowMs: 2_000 } });
    fake.route("GET", "/v1/n", () => ({ body: { n: 1 } }));
    const http = createPlatformHttp({ platform: "gong", title: "Gong", baseUrl: fake.url, auth: bearerAuth("t"), registry: new Registry(), log, maxAttempts: 1 });
    const results = await Promise.allSettled(Array.from({ length: 16 }, () => http.json({ method: "GET", url: "/v1/n" }, schema)));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(5);
    expect(fake.answered(429)).toBe(5);
  });
});
