import { afterEach, describe, expect, it } from "vitest";
import { type RateLimitedFake, startRateLimitedFake } from "./fakes/rate-limited-fake.js";

const fakes: RateLimitedFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

describe("rate-limited fake", () => {
  it("answers 429 with Retry-After beyond `limit` requests in the window, without calling the handler", async () => {
    let handled = 0;
    const fake = await startRateLimitedFake({ limit: 3, windowMs: 60_000 }, () => {
      handled += 1;
      return { status: 200, body: { ok: true } };
    });
    fakes.push(fake);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${fake.baseUrl}/items`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(59);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(handled).toBe(3);
    expect(fake.stats()).toMatchObject({ accepted: 3, rejected429: 2, peakInWindow: 3, unexpected: [] });
  });

  it("records requests the handler did not expect", async () => {
    const fake = await startRateLimitedFake(undefined, (request) =>
      request.url.pathname === "/items" ? { status: 200, body: [] } : { status: 404, body: { message: "no such route" } },
    );
    fakes.push(fake);
    await (await fetch(`${fake.baseUrl}/items`)).arrayBuffer();
    await (await fetch(`${fake.baseUrl}/nope?x=1`, { method: "POST", body: "{}" })).arrayBuffer();
    expect(fake.stats().unexpected).toEqual(["POST /nope?x=1 -> 404"]);
  });
});
