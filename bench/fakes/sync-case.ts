/**
 * What a sync benchmark case is (bench/sync.bench.ts runs them), and the piece the platform cases
 * share: a handler that forwards each request the rate-limited fake admits to a platform's own
 * loopback fake from test/fakes/, so the bench reuses the fakes that check what we send and answer
 * in the platform's documented shapes, with the rate limit in front of them.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import type { PlatformName } from "../../services/fleet/catalog.js";
import { pino } from "pino";
import type { AuthScheme, Credentials, PlatformDefinition, PlatformHttp, SyncDefinition } from "../../services/runtime/contract.js";
import type { FakeHandler, FakeRequest, FakeStats, RateLimit } from "../../test/sync/fakes/rate-limited-fake.js";

export interface SyncBenchCase {
  readonly name: string;
  readonly platform: PlatformName;
  /** rate_limits.api_calls_per_minute given to the client, and enforced by the fake */
  readonly apiCallsPerMinute: number;
  /** printed under the table: what the case assumes (tier, data shape) */
  readonly note?: string;
  /** the platform's API on loopback, holding enough data for about `requests` paced requests */
  start(requests: number): Promise<BenchWorld | DriverBenchWorld>;
}

/**
 * A platform whose client does not go through the runtime's HTTP client (Snowflake's driver): the
 * case builds its own client, paces it, and counts what reaches its fake against the window.
 */
export interface DriverBenchWorld {
  readonly settings: IntegrationSettings;
  /** the real client and syncs behind a limiter enforcing `limit` (undefined: unthrottled and unpaced) */
  driver(limit: RateLimit | undefined): Promise<DriverRun>;
  readonly expectedRecords: number;
  /** limited requests (for Snowflake: statements) a complete sync makes */
  readonly expectedRequests: number;
  problems(): readonly string[];
  close(): Promise<void>;
}

export interface DriverRun {
  readonly api: unknown;
  readonly syncs: readonly SyncDefinition<unknown>[];
  /** what the limiter admitted and throttled (its 429s) */
  stats(): FakeStats;
  close(): Promise<void>;
}

/** One run's platform: its fake API with data, and the real client and syncs pointed at it. */
export interface BenchWorld {
  /** what the rate-limited fake answers admitted requests with */
  readonly handler: FakeHandler;
  /** appended to the fake's URL to make the client's base URL (Slack's Web API lives under /api) */
  readonly basePath?: string;
  readonly auth: AuthScheme;
  readonly settings: IntegrationSettings;
  /** the syncs under test (run concurrently over one client, as the scheduler's shared tick does) and their API object */
  build(http: PlatformHttp): { readonly api: unknown; readonly syncs: readonly SyncDefinition<unknown>[] };
  /** distinct memory records a complete sync stores */
  readonly expectedRecords: number;
  /** requests a complete sync makes */
  readonly expectedRequests: number;
  /** what the platform's fake flagged as unexpected (wrong path, body, document, auth) */
  problems(): readonly string[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

/** Forwards a request unchanged (method, path, query, headers, body) to `target` and relays the JSON answer. */
export function forwardTo(target: string): FakeHandler {
  return async (request: FakeRequest) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const response = await fetch(new URL(`${request.url.pathname}${request.url.search}`, target), {
      method: request.method,
      headers,
      ...(hasBody && { body: request.body }),
    });
    const text = await response.text();
    const retryAfter = response.headers.get("retry-after");
    return {
      status: response.status,
      ...(retryAfter !== null && { headers: { "retry-after": retryAfter } }),
      body: text === "" ? undefined : parseJsonOrText(text),
    };
  };
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `count` items split as evenly as possible into `parts` (the first ones get the remainder). */
export function splitEvenly(count: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(count / parts) + (i < count % parts ? 1 : 0));
}

/** The platform's syncs for the objects its settings list in sync_objects, as the scheduler picks them. */
export function configuredSyncs<Api>(syncs: readonly SyncDefinition<Api>[] | undefined, settings: IntegrationSettings): readonly SyncDefinition<unknown>[] {
  const wanted = settings.sync_objects ?? [];
  return (syncs ?? []).filter((sync) => wanted.includes(sync.object)) as readonly SyncDefinition<unknown>[];
}

/**
 * The platform's real auth, API client and configured syncs, exactly as a server builds them: the
 * part of a BenchWorld every platform case shares.
 */
export function realPlatformClient<Api>(
  definition: PlatformDefinition<Api>,
  credentials: Credentials,
  settings: IntegrationSettings,
): Pick<BenchWorld, "auth" | "settings" | "build"> {
  return {
    auth: definition.auth(credentials, { fetch }),
    settings,
    build: (http) => ({
      api: definition.createApi({ credentials, settings, http, log: pino({ level: "silent" }), dataDir: "/nonexistent" }),
      syncs: configuredSyncs(definition.syncs, settings),
    }),
  };
}
