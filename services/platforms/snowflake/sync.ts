/**
 * Snowflake's syncs, both polled from SNOWFLAKE.ACCOUNT_USAGE (Snowflake sends no webhooks):
 *
 * - `query_history`: failed queries and queries that ran SLOW_QUERY_SECONDS or longer, oldest
 *   first, on the shared keyset loop over END_TIME (epoch ms in the checkpoint). QUERY_HISTORY
 *   trails real time (Snowflake documents up to 45 minutes), so a finished run leaves its
 *   checkpoint ACCOUNT_USAGE_LAG_MS behind now: late rows are read on the next run, and rows read
 *   twice keep their key (the query id) and are stored once.
 * - `warehouse_metering`: credits per warehouse per UTC day, one page per day, only for days whose
 *   hourly rows are complete (the day ended METERING_LAG_MS ago; Snowflake documents up to 3 hours
 *   of latency for WAREHOUSE_METERING_HISTORY). The checkpoint is the last day stored.
 */
import { z } from "zod";
import { type SyncDefinition, type SyncPage, type ToolContext, UpstreamError } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import { keysetSync } from "../../sync/keyset.js";
import type { SnowflakeApi } from "./api/index.js";
import { dailyCreditsToMemory, queryToMemory } from "./memory.js";
import { dailyCredits, toQuery } from "./types/normalized.js";

export const SYNC_PAGE_SIZE = 500;
/** a successful query this slow (or slower) is worth remembering */
export const SLOW_QUERY_SECONDS = 300;
/** first runs look this far back */
export const FIRST_RUN_DAYS = 7;
const DAY_MS = 86_400_000;
export const ACCOUNT_USAGE_LAG_MS = 60 * 60_000;
export const METERING_LAG_MS = 6 * 60 * 60_000;
/** hourly metering rows read per day at most (24 per warehouse) */
const METERING_ROWS_PER_DAY = 24 * 1_000;

function syncQueryHistory(checkpoint: string | undefined, { api, clock, signal }: ToolContext<SnowflakeApi>): AsyncGenerator<SyncPage> {
  const now = clock.now().getTime();
  return keysetSync<ReturnType<typeof toQuery>, number>({
    title: "Snowflake query_history",
    position: z.number().int().nonnegative(),
    start: now - FIRST_RUN_DAYS * DAY_MS,
    checkpoint,
    async fetchPage({ since, after }) {
      const offset = after === undefined ? 0 : Number(after);
      const rows = await api.queryHistory(
        { sinceMs: since, untilMs: now, failedOrSlowerThanMs: SLOW_QUERY_SECONDS * 1000, order: "oldest", limit: SYNC_PAGE_SIZE, offset },
        signal,
      );
      const items = rows.map((row) => toQuery(row, api.account));
      return { items, nextCursor: rows.length === SYNC_PAGE_SIZE ? String(offset + SYNC_PAGE_SIZE) : undefined };
    },
    updatedAt: (query) => Date.parse(query.endedAt),
    toRecords: (queries) => queries.map((query) => queryToMemory(query, SLOW_QUERY_SECONDS)),
    settle: (newest, startedAt) => Math.max(startedAt, Math.min(newest, now - ACCOUNT_USAGE_LAG_MS)),
  });
}

const meteringCheckpoint = z.strictObject({ through: z.iso.date() });

const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function* syncWarehouseMetering(checkpoint: string | undefined, { api, clock, signal }: ToolContext<SnowflakeApi>): AsyncGenerator<SyncPage> {
  const resumed = readCheckpoint(checkpoint, meteringCheckpoint, "Snowflake warehouse_metering");
  const now = clock.now().getTime();
  // the newest day whose end is METERING_LAG_MS in the past
  const lastComplete = dayOf(now - METERING_LAG_MS - DAY_MS);
  let day = resumed === undefined ? dayOf(now - FIRST_RUN_DAYS * DAY_MS) : dayOf(dayStart(resumed.through) + DAY_MS);
  const days = Math.max(0, Math.round((dayStart(lastComplete) - dayStart(day)) / DAY_MS) + 1);
  for (let i = 0; i < days; i += 1) {
    const since = dayStart(day);
    const rows = await api.metering({ sinceMs: since, untilMs: since + DAY_MS, limit: METERING_ROWS_PER_DAY }, signal);
    if (rows.length === METERING_ROWS_PER_DAY) {
      throw new UpstreamError("snowflake", 0, false, `Snowflake warehouse metering for ${day} has more rows than one page holds`, `${rows.length} rows`);
    }
    const records = dailyCredits(rows).map((entry) => dailyCreditsToMemory(entry, api.account));
    yield { records, checkpoint: JSON.stringify({ through: day }) };
    day = dayOf(since + DAY_MS);
  }
}

export const syncs: readonly SyncDefinition<SnowflakeApi>[] = [
  { object: "query_history", run: syncQueryHistory },
  { object: "warehouse_metering", run: syncWarehouseMetering },
];
