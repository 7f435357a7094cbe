/**
 * Batch sync against a rate-limited loopback fake (issue 4's benchmark): records per second, the
 * fraction of the allowed request rate used (goal >= 95%) and the number of 429s (goal 0).
 *
 * Each case drives a paginated SyncDefinition through the runtime's HTTP client
 * (createPlatformHttp, whose pacer is what is measured) and runSync, into an in-memory sink.
 * The fake enforces the case's api_calls_per_minute with a sliding window and answers 429 +
 * Retry-After beyond it. The window is scaled down from 60 s to about 10 s at the same rate, so a
 * run of SYNC_BENCH_SECONDS (default 20 s) crosses it twice: a client that bursts its minute's
 * allowance would be caught here, which a 60 s window over a 20 s run would let through.
 * Baseline in the same run: the same case with no limit anywhere, which shows what the sync,
 * sink and loopback can do unthrottled (so the limiter, not the harness, sets the pace).
 *
 * Platform colleagues: add a SyncBenchCase to CASES (your sync built on your platform's API, and
 * a handler answering your platform's documented page shapes and checking what we send).
 */
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { Registry } from "prom-client";
import { z } from "zod";
import type { PlatformName } from "../services/fleet/catalog.js";
import type { AuthScheme, MemoryRecord, MemorySink, PlatformHttp, SyncDefinition, SyncPage, ToolContext } from "../services/runtime/contract.js";
import { createPlatformHttp } from "../services/runtime/http/client.js";
import { bearerAuth } from "../services/runtime/http/static-auth.js";
import type { CheckpointStore, StoredCheckpoint } from "../services/sync/checkpoints.js";
import { type SyncReport, runSync } from "../services/sync/runner.js";
import { type FakeHandler, type FakeStats, type RateLimit, startRateLimitedFake } from "../test/sync/fakes/rate-limited-fake.js";

export interface SyncBenchCase {
  readonly name: string;
  readonly platform: PlatformName;
  /** rate_limits.api_calls_per_minute given to the client, and enforced by the fake */
  readonly apiCallsPerMinute: number;
  readonly auth: AuthScheme;
  /** the platform's fake API holding `pages` pages of data */
  handler(pages: number): FakeHandler;
  /** the sync under test and the API object it expects in its context, built on the runtime's client */
  build(http: PlatformHttp): { readonly api: unknown; readonly sync: SyncDefinition<unknown> };
}

const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 20);
const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

// ---------------------------------------------------------------------------------------------
// The generic case: a cursor-paginated REST list (`GET /v1/items?limit=&cursor=` -> `{ items, next_cursor }`).

const PAGE_SIZE = 100;
const BENCH_TOKEN = "bench-token";
const itemSchema = z.object({ id: z.string(), name: z.string(), updated_at: z.string() });
const itemsPageSchema = z.object({ items: z.array(itemSchema), next_cursor: z.string().nullable() });

function cursorListHandler(pages: number): FakeHandler {
  return (request) => {
    if (request.method !== "GET" || request.url.pathname !== "/v1/items") return { status: 404, body: { message: "no such route" } };
    if (request.headers.authorization !== `Bearer ${BENCH_TOKEN}`) return { status: 401, body: { message: "bad token" } };
    if (request.url.searchParams.get("limit") !== String(PAGE_SIZE)) return { status: 400, body: { message: "limit must be 100" } };
    const page = Number(request.url.searchParams.get("cursor") ?? "0");
    if (!Number.isInteger(page) || page < 0 || page >= pages) return { status: 400, body: { message: "bad cursor" } };
    const items = Array.from({ length: PAGE_SIZE }, (_, i) => {
      const n = page * PAGE_SIZE + i;
      return { id: `item-${n}`, name: `Item ${n}`, updated_at: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString() };
    });
    return { status: 200, body: { items, next_cursor: page + 1 < pages ? String(page + 1) : null } };
  };
}

function cursorListSync(platform: PlatformName, http: PlatformHttp): SyncDefinition<unknown> {
  return {
    object: "items",
    async *run(checkpoint: string | undefined, ctx: ToolContext<unknown>): AsyncIterable<SyncPage> {
      let cursor = checkpoint;
      for (;;) {
        const page = await http.json({ method: "GET", url: "/v1/items", query: { limit: PAGE_SIZE, cursor }, signal: ctx.signal }, itemsPageSchema);
        const records = page.items.map(
          (item): MemoryRecord => ({
            key: `${platform}:item:${item.id}`,
            source: platform,
            type: "item",
            timestamp: item.updated_at,
            title: item.name,
            content: `${item.name} (updated ${item.updated_at})`,
            record: item,
          }),
        );
        if (page.next_cursor === null) {
          yield { records, checkpoint: cursor ?? "0" };
          return;
        }
        cursor = page.next_cursor;
        yield { records, checkpoint: cursor };
      }
    },
  };
}

/** `platform` only lends its name and configured rate: the API is the generic cursor list above. */
function genericCase(platform: PlatformName, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: `generic cursor list at ${platform}'s ${apiCallsPerMinute}/min`,
    platform,
    apiCallsPerMinute,
    auth: bearerAuth(BENCH_TOKEN),
    handler: cursorListHandler,
    build: (http) => ({ api: http, sync: cursorListSync(platform, http) }),
  };
}

export const CASES: SyncBenchCase[] = [genericCase("hubspot", 600), genericCase("gong", 170)];

// ---------------------------------------------------------------------------------------------
// Harness

class MapSink implements MemorySink {
  readonly stored = new Map<string, MemoryRecord>();
  async store(records: readonly MemoryRecord[]): Promise<void> {
    for (const record of records) this.stored.set(record.key, record);
  }
}

function memoryCheckpoints(): CheckpointStore {
  const map = new Map<string, StoredCheckpoint>();
  return {
    get: (platform, object) => map.get(`${platform}/${object}`),
    set: (platform, object, checkpoint, at = new Date()) => void map.set(`${platform}/${object}`, { checkpoint, updatedAt: at }),
    clear: (platform, object) => void map.delete(`${platform}/${object}`),
    close: () => undefined,
  };
}

/** The fake's window: about 10 s, at exactly the configured per-minute rate. */
export function scaledWindow(apiCallsPerMinute: number): RateLimit {
  const limit = Math.ceil(apiCallsPerMinute / 6);
  return { limit, windowMs: (limit * 60_000) / apiCallsPerMinute };
}

interface Measured {
  readonly report: SyncReport;
  readonly stats: FakeStats;
  readonly seconds: number;
  readonly stored: number;
}

async function measure(benchCase: SyncBenchCase, pages: number, limited: boolean): Promise<Measured> {
  const fake = await startRateLimitedFake(limited ? scaledWindow(benchCase.apiCallsPerMinute) : undefined, benchCase.handler(pages));
  try {
    const registry = new Registry();
    const http = createPlatformHttp({
      platform: benchCase.platform,
      baseUrl: fake.baseUrl,
      auth: benchCase.auth,
      apiCallsPerMinute: limited ? benchCase.apiCallsPerMinute : undefined,
      registry,
      log,
    });
    const { api, sync } = benchCase.build(http);
    const sink = new MapSink();
    const context: ToolContext<unknown> = {
      api,
      memory: sink,
      log,
      clock: { now: () => new Date() },
      signal: AbortSignal.timeout(SECONDS * 5_000),
      settings: { enabled: true, mcp_server_port: 9000, rate_limits: { api_calls_per_minute: benchCase.apiCallsPerMinute } },
    };
    const started = performance.now();
    const report = await runSync({ platform: benchCase.platform, sync, context, checkpoints: memoryCheckpoints(), log, registry });
    return { report, stats: fake.stats(), seconds: (performance.now() - started) / 1000, stored: sink.stored.size };
  } finally {
    await fake.close();
  }
}

function problems(run: Measured, pages: number): string[] {
  const found: string[] = [];
  if (run.report.outcome !== "success") found.push(`sync ${run.report.outcome}: ${run.report.error ?? ""}`);
  if (run.stats.accepted !== pages) found.push(`expected ${pages} accepted requests, fake saw ${run.stats.accepted}`);
  if (run.stored !== run.report.processed) found.push(`sink holds ${run.stored} records, report says ${run.report.processed}`);
  found.push(...run.stats.unexpected.map((u) => `fake did not expect: ${u}`));
  return found;
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const rows: string[] = [];
  const failures: string[] = [];
  for (const benchCase of CASES) {
    const allowedPerSecond = benchCase.apiCallsPerMinute / 60;
    const pages = Math.max(2, Math.round(allowedPerSecond * SECONDS));
    const baseline = await measure(benchCase, pages, false);
    const run = await measure(benchCase, pages, true);
    failures.push(...[...problems(baseline, pages), ...problems(run, pages)].map((p) => `${benchCase.name}: ${p}`));
    const { firstAcceptedAtMs = 0, lastAcceptedAtMs = 0 } = run.stats;
    // the rate the platform saw: gaps between the first and last accepted request
    const requestsPerSecond = (run.stats.accepted - 1) / Math.max(1e-9, (lastAcceptedAtMs - firstAcceptedAtMs) / 1000);
    const recordsPerSecond = run.report.processed / run.seconds;
    const baselineRecordsPerSecond = baseline.report.processed / baseline.seconds;
    const window = scaledWindow(benchCase.apiCallsPerMinute);
    rows.push(
      `| ${benchCase.name} | ${window.limit} per ${fmt(window.windowMs / 1000, 1)} s | ${fmt(run.report.processed)} | ${fmt(run.seconds, 1)} | ` +
        `${fmt(recordsPerSecond)} | ${fmt(requestsPerSecond, 2)} / ${fmt(allowedPerSecond, 2)} | **${fmt((requestsPerSecond / allowedPerSecond) * 100, 1)}%** | ` +
        `**${run.stats.rejected429}** | ${fmt(baselineRecordsPerSecond)} | ${fmt(recordsPerSecond / baselineRecordsPerSecond, 3)} |`,
    );
  }
  console.log(`\nBatch sync through createPlatformHttp + runSync, ${SECONDS} s per case at the allowed rate (loopback fake, sliding window scaled to ~10 s at the same rate).\n`);
  console.log("| case | fake's limit | records | seconds | records/s | requests/s used / allowed | used of allowed (goal >= 95%) | 429s (goal 0) | unthrottled records/s (baseline) | ratio to baseline |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  if (failures.length > 0) {
    console.error(`\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
