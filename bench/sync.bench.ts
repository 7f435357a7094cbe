/**
 * Batch sync against a rate-limited loopback fake (issue 4's benchmark): records per second, the
 * fraction of the allowed request rate used (goal >= 95%) and the number of 429s (goal 0).
 *
 * Each case drives paginated SyncDefinitions through the runtime's HTTP client
 * (createPlatformHttp, whose pacer is what is measured) and runSync, into an in-memory sink. The
 * platform cases (bench/fakes/) run each platform's real syncs and API client, at its
 * api_calls_per_minute from config/integrations.yaml, against its loopback fake from test/fakes/.
 * The fake enforces the case's api_calls_per_minute with a sliding window and answers 429 +
 * Retry-After beyond it. The window is scaled down from 60 s to about 10 s at the same rate, so a
 * run of SYNC_BENCH_SECONDS (default 20 s) crosses it twice: a client that bursts its minute's
 * allowance would be caught here, which a 60 s window over a 20 s run would let through.
 * Baseline in the same run: the same case with no limit anywhere, which shows what the sync,
 * sink and loopback can do unthrottled (so the limiter, not the harness, sets the pace).
 *
 * SYNC_BENCH_SECONDS sets the paced duration per case; SYNC_BENCH_ONLY=<text> runs the cases whose
 * name contains it.
 */
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { Registry } from "prom-client";
import { z } from "zod";
import { CATALOG, type PlatformName } from "../services/fleet/catalog.js";
import { loadFleet } from "../services/fleet/load.js";
import type { IntegrationSettings } from "../services/fleet/schema.js";
import type { MemoryRecord, MemorySink, PlatformHttp, SyncDefinition, SyncPage, ToolContext } from "../services/runtime/contract.js";
import { createPlatformHttp } from "../services/runtime/http/client.js";
import { bearerAuth } from "../services/runtime/http/static-auth.js";
import type { CheckpointStore, StoredCheckpoint } from "../services/sync/checkpoints.js";
import { type SyncReport, runSync } from "../services/sync/runner.js";
import { type FakeHandler, type FakeStats, type RateLimit, startRateLimitedFake } from "../test/sync/fakes/rate-limited-fake.js";
import { figmaFilesCase } from "./fakes/figma.js";
import { airbyteJobsCase } from "./fakes/airbyte.js";
import { asanaTasksCase } from "./fakes/asana.js";
import { apolloCrmCase } from "./fakes/apollo.js";
import { gongCallsCase } from "./fakes/gong.js";
import { hubspotCrmCase } from "./fakes/hubspot.js";
import { lambdaLabsCase } from "./fakes/lambda-labs.js";
import { linearIssuesCase } from "./fakes/linear.js";
import { portkeyAnalyticsCase } from "./fakes/portkey.js";
import { slackHistoryCase } from "./fakes/slack.js";
import { snowflakeSyncCase } from "./fakes/snowflake.js";
import { vercelDeploymentsCase } from "./fakes/vercel.js";
import type { BenchWorld, DriverBenchWorld, SyncBenchCase } from "./fakes/sync-case.js";

export type { BenchWorld, DriverBenchWorld, SyncBenchCase };

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
  const settings: IntegrationSettings = { enabled: true, mcp_server_port: 9000, rate_limits: { api_calls_per_minute: apiCallsPerMinute } };
  return {
    name: `generic cursor list at ${platform}'s ${apiCallsPerMinute}/min`,
    platform,
    apiCallsPerMinute,
    start: async (pages): Promise<BenchWorld> => ({
      handler: cursorListHandler(pages),
      auth: bearerAuth(BENCH_TOKEN),
      settings,
      build: (http) => ({ api: http, syncs: [cursorListSync(platform, http)] }),
      expectedRecords: pages * PAGE_SIZE,
      expectedRequests: pages,
      problems: () => [],
      close: async () => undefined,
    }),
  };
}

type PlatformCase = (settings: IntegrationSettings, apiCallsPerMinute: number) => SyncBenchCase;

/** A platform's case at the settings and rate config/integrations.yaml gives it. */
function configuredCase(platform: PlatformName, make: PlatformCase): SyncBenchCase {
  const integration = loadFleet().integrations.find((candidate) => candidate.platform === platform);
  const perMinute = integration?.settings.rate_limits?.api_calls_per_minute;
  if (integration === undefined || perMinute === undefined) throw new Error(`config/integrations.yaml gives ${platform} no rate_limits.api_calls_per_minute`);
  return make(integration.settings, perMinute);
}

export const CASES: SyncBenchCase[] = [
  genericCase("hubspot", 600),
  genericCase("gong", 170),
  configuredCase("slack", slackHistoryCase),
  configuredCase("gong", gongCallsCase),
  configuredCase("hubspot", hubspotCrmCase),
  configuredCase("linear", linearIssuesCase),
  configuredCase("figma", figmaFilesCase),
  configuredCase("vercel", vercelDeploymentsCase),
  configuredCase("airbyte", airbyteJobsCase),
  configuredCase("lambda_labs", lambdaLabsCase),
  configuredCase("asana", asanaTasksCase),
  configuredCase("portkey", portkeyAnalyticsCase),
  configuredCase("apollo", apolloCrmCase),
  configuredCase("snowflake", snowflakeSyncCase),
];

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
  readonly reports: readonly SyncReport[];
  readonly stats: FakeStats;
  readonly seconds: number;
  /** distinct records in the sink */
  readonly stored: number;
  readonly problems: readonly string[];
}

async function measure(benchCase: SyncBenchCase, requests: number, limited: boolean): Promise<Measured> {
  const world = await benchCase.start(requests);
  const limit = limited ? scaledWindow(benchCase.apiCallsPerMinute) : undefined;
  const registry = new Registry();
  let client: { api: unknown; syncs: readonly SyncDefinition<unknown>[]; stats: () => FakeStats; close: () => Promise<void> };
  if ("driver" in world) {
    // the platform's own driver (Snowflake): it paces itself; the case's limiter counts what it sends
    client = await world.driver(limit);
  } else {
    const fake = await startRateLimitedFake(limit, world.handler);
    const http = createPlatformHttp({
      platform: benchCase.platform,
      title: CATALOG[benchCase.platform].title,
      baseUrl: `${fake.baseUrl}${world.basePath ?? ""}`,
      auth: world.auth,
      apiCallsPerMinute: limited ? benchCase.apiCallsPerMinute : undefined,
      registry,
      log,
    });
    client = { ...world.build(http), stats: fake.stats, close: fake.close };
  }
  try {
    const { api, syncs } = client;
    const sink = new MapSink();
    const context: ToolContext<unknown> = {
      api,
      memory: sink,
      log,
      clock: { now: () => new Date() },
      signal: AbortSignal.timeout(SECONDS * 5_000),
      settings: world.settings,
    };
    const checkpoints = memoryCheckpoints();
    const started = performance.now();
    // the configured objects run at once over one client, as a shared schedule tick starts them
    const reports = await Promise.all(syncs.map((sync) => runSync({ platform: benchCase.platform, sync, context, checkpoints, log, registry })));
    const seconds = (performance.now() - started) / 1000;
    const stats = client.stats();
    const found = syncs.length === 0 ? ["no sync configured (sync_objects)"] : [];
    for (const report of reports) {
      if (report.outcome !== "success") found.push(`${report.object} sync ${report.outcome}: ${report.error ?? ""}`);
    }
    if (stats.accepted !== world.expectedRequests) found.push(`expected ${world.expectedRequests} accepted requests, fake saw ${stats.accepted}`);
    if (sink.stored.size !== world.expectedRecords) found.push(`expected ${world.expectedRecords} distinct records, sink holds ${sink.stored.size}`);
    found.push(...stats.unexpected.map((u) => `fake did not expect: ${u}`), ...world.problems().map((p) => `platform fake flagged: ${p}`));
    return { reports, stats, seconds, stored: sink.stored.size, problems: found };
  } finally {
    await client.close();
    await world.close();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const only = process.env.SYNC_BENCH_ONLY;
  const cases = CASES.filter((benchCase) => only === undefined || benchCase.name.toLowerCase().includes(only.toLowerCase()));
  const rows: string[] = [];
  const failures: string[] = [];
  for (const benchCase of cases) {
    const allowedPerSecond = benchCase.apiCallsPerMinute / 60;
    const requests = Math.max(2, Math.round(allowedPerSecond * SECONDS));
    const baseline = await measure(benchCase, requests, false);
    const run = await measure(benchCase, requests, true);
    failures.push(...[...baseline.problems.map((p) => `baseline: ${p}`), ...run.problems].map((p) => `${benchCase.name}: ${p}`));
    const { firstAcceptedAtMs = 0, lastAcceptedAtMs = 0 } = run.stats;
    // the rate the platform saw: gaps between the first and last accepted request
    const requestsPerSecond = (run.stats.accepted - 1) / Math.max(1e-9, (lastAcceptedAtMs - firstAcceptedAtMs) / 1000);
    const recordsPerSecond = run.stored / run.seconds;
    const baselineRecordsPerSecond = baseline.stored / baseline.seconds;
    const window = scaledWindow(benchCase.apiCallsPerMinute);
    rows.push(
      `| ${benchCase.name} | ${fmt(benchCase.apiCallsPerMinute)}/min as ${window.limit} per ${fmt(window.windowMs / 1000, 1)} s | ${fmt(run.stats.accepted)} | ${fmt(run.stored)} | ${fmt(run.seconds, 1)} | ` +
        `${fmt(recordsPerSecond)} | ${fmt(requestsPerSecond, 2)} / ${fmt(allowedPerSecond, 2)} | **${fmt((requestsPerSecond / allowedPerSecond) * 100, 1)}%** | ` +
        `**${run.stats.rejected429}** | ${fmt(baselineRecordsPerSecond)} | ${fmt(recordsPerSecond / baselineRecordsPerSecond, 3)} |`,
    );
  }
  console.log(
    `\nBatch sync through createPlatformHttp + runSync, about ${SECONDS} s per case at the allowed rate. Loopback fakes; each platform's ` +
      "api_calls_per_minute is enforced as a sliding window scaled from 60 s to about 10 s at the same rate (so a client that bursts a minute's allowance is caught).\n",
  );
  console.log("| case | limit (fake's window) | requests | records | seconds | records/s | requests/s used / allowed | used of allowed (goal >= 95%) | 429s (goal 0) | unthrottled records/s (baseline) | ratio to baseline |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  const notes = cases.flatMap((benchCase) => (benchCase.note === undefined ? [] : [`- ${benchCase.note}`]));
  if (notes.length > 0) console.log(`\n${notes.join("\n")}`);
  if (failures.length > 0) {
    console.error(`\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
