import { z } from "zod";
import { querySchema, toQuery } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

const HOUR_MS = 3_600_000;

export const getQueryHistory = defineSnowflakeTool({
  name: "snowflake_get_query_history",
  title: "Snowflake query history, slowest and failed queries",
  description:
    "Search the account's query history (SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY: every user and warehouse, " +
    "365 days, trailing real time by up to about 45 minutes): who ran what, on which warehouse, status, " +
    "error, elapsed and queued time, bytes scanned, with a Snowsight link. Use order=slowest with " +
    "minSeconds to find slow queries, status=FAIL for failures. Query texts are clipped. Needs a running " +
    "warehouse: a few seconds of warehouse time.",
  toolset: "performance",
  input: z.object({
    hours: z.number().int().min(1).max(24 * 90).default(24).describe("look back this many hours"),
    warehouse: z.string().min(1).max(255).optional(),
    user: z.string().min(1).max(255).optional(),
    status: z.enum(["SUCCESS", "FAIL", "INCIDENT"]).optional(),
    minSeconds: z.number().min(0).max(86_400 * 7).optional().describe("only queries that ran at least this long"),
    order: z.enum(["slowest", "newest"]).default("newest"),
    limit: z.number().int().min(1).max(200).default(25),
  }),
  output: z.object({ queries: z.array(querySchema), since: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, clock, signal }) {
    const untilMs = clock.now().getTime();
    const sinceMs = untilMs - input.hours * HOUR_MS;
    const rows = await api.queryHistory(
      {
        sinceMs,
        untilMs,
        ...(input.warehouse === undefined ? {} : { warehouse: input.warehouse }),
        ...(input.user === undefined ? {} : { user: input.user }),
        ...(input.status === undefined ? {} : { status: input.status }),
        ...(input.minSeconds === undefined ? {} : { minElapsedMs: Math.round(input.minSeconds * 1000) }),
        order: input.order,
        limit: input.limit,
      },
      signal,
    );
    return { queries: rows.map((row) => toQuery(row, api.account)), since: new Date(sinceMs).toISOString() };
  },
});
