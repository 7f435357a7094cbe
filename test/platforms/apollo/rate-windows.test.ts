/**
 * Apollo's three windows per endpoint, against the fake enforcing them on a virtual clock shared
 * with the client (a wait advances it): no request is ever refused with 429, each window makes the
 * client wait exactly until its oldest request leaves it, and a used-up day is refused without a
 * request and reported to /readyz.
 */
import pino from "pino";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { type ApolloApi, createApolloApi } from "../../../services/platforms/apollo/api/index.js";
import { definition } from "../../../services/platforms/apollo/index.js";
import { createPlatformHttp } from "../../../services/runtime/http/client.js";
import { ApolloFake, type FakeLimits } from "../../fakes/apollo.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { API_KEY, NOW, SETTINGS } from "./harness.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BODY = { page: 1, per_page: 1 };

const startFake = closedAfterEachTest((limits: Partial<FakeLimits>) => ApolloFake.start({ apiKey: API_KEY, limits }));

async function world(limits: Partial<FakeLimits>) {
  const fake = await startFake(limits);
  let now = NOW.getTime();
  fake.now = () => now;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    now += ms;
  };
  const credentials = { APOLLO_API_KEY: API_KEY };
  const http = createPlatformHttp({ platform: "apollo", title: "Apollo", baseUrl: fake.url, auth: definition.auth(credentials, { fetch }), registry: new Registry(), log: pino({ level: "silent" }), sleep });
  const api: ApolloApi = createApolloApi({ credentials, settings: SETTINGS, http, log: pino({ level: "silent" }), dataDir: "/nonexistent" }, { now: () => now, sleep });
  return { fake, api, waits, elapsed: () => now - NOW.getTime(), advance: (ms: number) => void (now += ms) };
}

describe("Apollo's minute, hour and day windows", () => {
  it("waits out each window in turn and never draws a 429", async () => {
    const { fake, api, waits, elapsed } = await world({ minute: 3, hour: 5, day: 7 });
    const patient = { maxWaitMs: 2 * DAY };
    const startedAt: number[] = [];
    for (let i = 0; i < 7; i++) {
      await api.searchContacts(BODY, patient);
      startedAt.push(elapsed());
    }
    // 3 in the first minute; the 4th when the 1st leaves the minute; the 6th when the 1st leaves the hour
    expect(startedAt).toEqual([0, 0, 0, MINUTE, MINUTE, HOUR, HOUR]);
    expect(waits).toEqual([MINUTE, HOUR - MINUTE]);
    expect(fake.rejected429).toBe(0);

    // the day is used up: refused without a request, retryable, naming the window
    const before = fake.requests.length;
    const error = await upstreamErrorOf(api.searchContacts(BODY, { maxWaitMs: HOUR }));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: DAY - HOUR });
    expect(error.safeMessage).toMatch(/daily limit for contacts\/search \(7 requests\) is used up; try again in 23\.0 h/);
    expect(fake.requests.length).toBe(before);
    expect(await definition.readiness!(api)).toEqual([expect.stringMatching(/^Apollo daily API quota for contacts\/search is used up \(0 of 7 requests left\)/)]);

    // windows are per endpoint: another endpoint still has its own
    await api.searchAccounts(BODY);
    expect(fake.rejected429).toBe(0);
  });

  it("frees the day when its first request ages out, and /readyz with it", async () => {
    const { fake, api, advance } = await world({ minute: 10, hour: 10, day: 2 });
    await api.searchAccounts(BODY);
    await api.searchAccounts(BODY);
    expect(await definition.readiness!(api)).toHaveLength(1);
    advance(DAY);
    expect(await definition.readiness!(api)).toEqual([]);
    await api.searchAccounts(BODY);
    expect(fake.rejected429).toBe(0);
  });

  it("honours what Apollo says is left when other clients of the team spent the window", async () => {
    const { fake, api, waits } = await world({ minute: 5, hour: 100, day: 100 });
    for (let i = 0; i < 4; i++) {
      const other = await fetch(`${fake.url}/contacts/search`, { method: "POST", headers: { "x-api-key": API_KEY, "content-type": "application/json" }, body: JSON.stringify(BODY) });
      expect(other.status).toBe(200);
    }
    await api.searchContacts(BODY); // Apollo answers: 0 left this minute
    await api.searchContacts(BODY);
    expect(waits).toEqual([MINUTE]);
    expect(fake.rejected429).toBe(0);
  });

  it("reads the windows from error answers too (the runtime's onResponse hook sees every final answer)", async () => {
    const { api } = await world({ minute: 50 });
    await upstreamErrorOf(api.updateContact("000000000000000000000000", { title: "CRO" }));
    expect(api.rateWindows.status().find((s) => s.window === "minute")).toEqual({ endpoint: "contacts/update", window: "minute", limit: 50, reportedLeft: 49, freeInMs: 0 });
  });

  it("starts from Apollo's paid defaults before any answer names the limits", async () => {
    const { api } = await world({});
    await api.listEmailAccounts();
    expect(api.rateWindows.status()).toEqual([
      { endpoint: "email_accounts", window: "minute", limit: 200, reportedLeft: 199, freeInMs: 0 },
      { endpoint: "email_accounts", window: "hour", limit: 400, reportedLeft: 399, freeInMs: 0 },
      { endpoint: "email_accounts", window: "day", limit: 2000, reportedLeft: 1999, freeInMs: 0 },
    ]);
  });
});
