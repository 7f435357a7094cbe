/**
 * Snowflake's syncs (query_history and warehouse_metering, run together) through the real
 * snowflake-sdk session and API client against test/fakes/snowflake.ts. The driver speaks its own
 * protocol and never goes through the runtime's HTTP client, so this case brings its own client
 * (a DriverBenchWorld): the session paces statement starts with the runtime's RequestPacer at the
 * configured rate, and a raw proxy in front of the fake enforces the case's sliding window on
 * statements only (POST /queries/v1/query-request), answering 429 beyond it: a throttled statement
 * is the driver's 429-equivalent (the driver retries it). Logins, heartbeats, status polls and
 * result fetches pass uncounted: they are not statements.
 */
import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { createSnowflakeApi } from "../../services/platforms/snowflake/api/index.js";
import { createSession } from "../../services/platforms/snowflake/api/session.js";
import { definition } from "../../services/platforms/snowflake/index.js";
import { FIRST_RUN_DAYS, METERING_LAG_MS, SYNC_PAGE_SIZE } from "../../services/platforms/snowflake/sync.js";
import { ACCOUNT, type AdminData, type FakeMetering, TOKEN, USER, query, startSnowflakeAdminFake } from "../../test/fakes/snowflake.js";
import { listenOnLoopback } from "../../test/support/loopback.js";
import type { FakeStats, RateLimit } from "../../test/sync/fakes/rate-limited-fake.js";
import { type DriverRun, type SyncBenchCase, configuredSyncs } from "./sync-case.js";

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** The days a first warehouse_metering run reads (one statement each), as the sync computes them at `now`. */
function meteringDays(now: number): number {
  const first = dayStart(dayOf(now - FIRST_RUN_DAYS * DAY_MS));
  const last = dayStart(dayOf(now - METERING_LAG_MS - DAY_MS));
  return Math.max(0, Math.round((last - first) / DAY_MS) + 1);
}

/**
 * An account whose query_history sync takes `pages` statements: failed queries with distinct end
 * times, so each page after the first re-reads one row (the keyset's at-or-after) and the last one
 * is half full; and one metering row per day, so each metering day is one memory.
 */
function account(now: number, pages: number): { data: AdminData; queries: number } {
  const count = (pages - 1) * (SYNC_PAGE_SIZE - 1) + SYNC_PAGE_SIZE / 2;
  const span = (FIRST_RUN_DAYS - 1) * DAY_MS;
  const queries = Array.from({ length: count }, (_, i) =>
    query(`01bench-${String(i).padStart(6, "0")}`, {
      END_TIME: now - span + Math.floor((i * span) / count),
      EXECUTION_STATUS: "FAIL",
      ERROR_CODE: "002003",
      ERROR_MESSAGE: "SQL compilation error: Object does not exist or not authorized.",
    }),
  );
  const metering: FakeMetering[] = Array.from({ length: FIRST_RUN_DAYS + 2 }, (_, d) => {
    const start = dayStart(dayOf(now - d * DAY_MS)) + 9 * 3_600_000;
    return { WAREHOUSE_NAME: "COMPUTE_WH", START_TIME: start, END_TIME: start + 3_600_000, CREDITS_USED: 1.25, CREDITS_USED_COMPUTE: 1, CREDITS_USED_CLOUD_SERVICES: 0.25 };
  });
  return { data: { databases: [], warehouses: [], tasks: [], pipes: [], queries, metering, load: [], taskRuns: [] }, queries: count };
}

const STATEMENT_PATH = "/queries/v1/query-request";

/** A byte-for-byte proxy to `target` that admits at most `limit` statements in any `windowMs` and answers 429 beyond it. */
async function statementLimiter(target: string, limit: RateLimit | undefined): Promise<{ url: string; stats(): FakeStats; close(): Promise<void> }> {
  const acceptedAt: number[] = [];
  let windowStart = 0;
  let rejected429 = 0;
  let peakInWindow = 0;
  const unexpected: string[] = [];
  const admit = (now: number): true | number => {
    if (limit === undefined) {
      acceptedAt.push(now);
      return true;
    }
    while (windowStart < acceptedAt.length && (acceptedAt[windowStart] as number) <= now - limit.windowMs) windowStart += 1;
    const inWindow = acceptedAt.length - windowStart;
    if (inWindow >= limit.limit) return Math.max(1, Math.ceil(((acceptedAt[windowStart] as number) + limit.windowMs - now) / 1000));
    acceptedAt.push(now);
    peakInWindow = Math.max(peakInWindow, inWindow + 1);
    return true;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://proxy").pathname;
    if (req.method === "POST" && path === STATEMENT_PATH) {
      const admitted = admit(performance.now());
      if (admitted !== true) {
        rejected429 += 1;
        req.resume();
        res.writeHead(429, { "retry-after": String(admitted), "content-type": "application/json" }).end(JSON.stringify({ message: "too many statements" }));
        return;
      }
    }
    const upstream = httpRequest(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
      if ((answer.statusCode ?? 500) >= 400) unexpected.push(`${req.method} ${path} -> ${answer.statusCode}`);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (error) => {
      unexpected.push(`${req.method} ${path}: ${error.message}`);
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    stats: () => ({ accepted: acceptedAt.length, rejected429, unexpected: [...unexpected], peakInWindow, firstAcceptedAtMs: acceptedAt[0], lastAcceptedAtMs: acceptedAt.at(-1) }),
    close: listener.close,
  };
}

export function snowflakeSyncCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Snowflake query_history + warehouse_metering (snowflake-sdk statements)",
    platform: "snowflake",
    apiCallsPerMinute,
    note:
      "Snowflake: statements through snowflake-sdk in async mode (query-request, then status and result), paced by the session's RequestPacer; " +
      "the window and the 429s count statements only (query-requests), not logins, heartbeats, status polls or result fetches.",
    async start(requests) {
      const now = Date.now();
      const days = meteringDays(now);
      const pages = Math.max(2, requests - days);
      const { data, queries } = account(now, pages);
      const fake = await startSnowflakeAdminFake(data);
      return {
        settings,
        expectedRecords: queries + days,
        expectedRequests: pages + days,
        problems: () => fake.unexpectedRequests().map(String),
        close: () => fake.close(),
        async driver(limit): Promise<DriverRun> {
          const proxy = await statementLimiter(fake.url, limit);
          const session = createSession({
            credentials: { SNOWFLAKE_ACCOUNT: ACCOUNT, SNOWFLAKE_USER: USER, SNOWFLAKE_PASSWORD: TOKEN, SNOWFLAKE_WAREHOUSE: "COMPUTE_WH", SNOWFLAKE_ACCESS_URL: proxy.url },
            log: pino({ level: "silent" }),
            ...(limit === undefined ? {} : { statementsPerMinute: apiCallsPerMinute }),
          });
          const api = createSnowflakeApi(session, ACCOUNT);
          return {
            api,
            syncs: configuredSyncs(definition.syncs, settings),
            stats: proxy.stats,
            async close() {
              await api.close();
              await proxy.close();
            },
          };
        },
      };
    },
  };
}
