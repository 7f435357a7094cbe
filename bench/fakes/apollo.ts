/**
 * Apollo's contacts and accounts syncs (POST /contacts/search and /accounts/search, newest update
 * first) against test/fakes/apollo.ts, which checks the X-Api-Key header and the search bodies and
 * enforces Apollo's per-endpoint minute, hour and day windows, answering with the x-rate-limit-*
 * headers. Apollo's windows (60 s, 1 h, 24 h) cannot be crossed in a 20 s run, so here they are
 * scaled down (10 s, 8 s, 30 s) with limits that make the hour and the day bind: the client is
 * given the same lengths and learns the limits from the headers, as it does from Apollo. A client
 * that paced only against api_calls_per_minute would draw 429s from the inner fake.
 */
import { pino } from "pino";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { createApolloApi } from "../../services/platforms/apollo/api/index.js";
import { definition } from "../../services/platforms/apollo/index.js";
import { SYNC_PAGE_SIZE } from "../../services/platforms/apollo/sync.js";
import { ApolloFake } from "../../test/fakes/apollo.js";
import type { FakeHandler, FakeRequest } from "../../test/sync/fakes/rate-limited-fake.js";
import { type SyncBenchCase, configuredSyncs, splitEvenly } from "./sync-case.js";

const API_KEY = "apollo-bench-key";
/** scaled windows: the minute as the bench scales it, then an hour and a day short enough to bind */
const WINDOW_MS = { minute: 10_000, hour: 8_000, day: 30_000 };
/** per endpoint: the hour allows 1/s (below the 1.25/s each sync gets), the day 22 per 30 s */
const LIMITS = { minute: 34, hour: 8, day: 22 };
const FORWARDED = new Set(["retry-after"]);

/** Forwards to the Apollo fake and relays its answer with every rate-limit header (sync-case's forwardTo keeps only Retry-After). */
function forwardWithRateHeaders(target: string): FakeHandler {
  return async (request: FakeRequest) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || ["host", "connection", "content-length", "transfer-encoding", "keep-alive"].includes(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await fetch(new URL(`${request.url.pathname}${request.url.search}`, target), {
      method: request.method,
      headers,
      ...(request.method !== "GET" && { body: request.body }),
    });
    const relayed: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (FORWARDED.has(name) || name.startsWith("x-rate-limit-") || name.endsWith("-requests-left") || name.endsWith("-usage")) relayed[name] = value;
    });
    const text = await response.text();
    return { status: response.status, headers: relayed, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  };
}

export function apolloCrmCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  const objects = (settings.sync_objects ?? []) as ("contacts" | "accounts")[];
  return {
    name: `Apollo ${objects.join(" + ")} (search newest first, minute/hour/day windows, concurrently)`,
    platform: "apollo",
    apiCallsPerMinute,
    note:
      `Apollo: ${objects.join(" and ")} sync at once; Apollo's per-endpoint windows are scaled to ${WINDOW_MS.minute / 1000} s / ${WINDOW_MS.hour / 1000} s / ` +
      `${WINDOW_MS.day / 1000} s with ${LIMITS.minute} / ${LIMITS.hour} / ${LIMITS.day} requests each, so the hour and day windows (not api_calls_per_minute) set the pace ` +
      "and the run takes longer than the others: the used-of-allowed column is measured against api_calls_per_minute only.",
    async start(requests) {
      const fake = await ApolloFake.start({ apiKey: API_KEY, limits: LIMITS });
      fake.windowMs = WINDOW_MS;
      const pages = splitEvenly(Math.max(2 * objects.length, requests), objects.length);
      const base = Date.parse("2026-01-01T00:00:00.000Z");
      let expectedRecords = 0;
      objects.forEach((object, o) => {
        const count = pages[o]! * SYNC_PAGE_SIZE;
        expectedRecords += count;
        for (let i = 0; i < count; i++) {
          const at = new Date(base + i * 1000).toISOString();
          if (object === "contacts") fake.addContact({ first_name: `Pat${i}`, last_name: "Example", email: `pat${i}@customer.example`, title: "Head of Operations" }, at);
          else fake.addAccount({ name: `Customer ${i} Ltd`, domain: `customer${i}.example` }, at);
        }
      });
      const credentials = { APOLLO_API_KEY: API_KEY };
      return {
        handler: forwardWithRateHeaders(fake.url.replace(/\/api\/v1$/, "")),
        basePath: "/api/v1",
        auth: definition.auth(credentials, { fetch }),
        settings,
        build: (http) => ({
          api: createApolloApi({ credentials, settings, http, log: pino({ level: "silent" }), dataDir: "/nonexistent" }, { windowMs: WINDOW_MS }),
          syncs: configuredSyncs(definition.syncs, settings),
        }),
        expectedRecords,
        expectedRequests: pages.reduce((sum, n) => sum + n, 0),
        problems: () => [...fake.unexpected, ...(fake.rejected429 > 0 ? [`Apollo's windows answered ${fake.rejected429} requests with 429`] : [])],
        close: () => fake.close(),
      };
    },
  };
}
