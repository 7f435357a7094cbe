import { z } from "zod";
import { loadSampleSchema, toLoadSample } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

const HOUR_MS = 3_600_000;

export const getWarehouseLoad = defineSnowflakeTool({
  name: "snowflake_get_warehouse_load",
  title: "Snowflake warehouse load over time",
  description:
    "Warehouse load in 5-minute intervals (SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_LOAD_HISTORY, trailing real time " +
    "by up to about 3 hours): average running queries, queries queued because the warehouse was " +
    "overloaded or while clusters were provisioned, and blocked queries. Sustained queued load means " +
    "the warehouse is too small or needs more clusters. Needs a running warehouse: a few seconds of " +
    "warehouse time.",
  toolset: "warehouses",
  input: z.object({
    warehouse: z.string().min(1).max(255).optional(),
    hours: z.number().int().min(1).max(24 * 14).default(24),
    limit: z.number().int().min(1).max(2000).default(500),
  }),
  output: z.object({ samples: z.array(loadSampleSchema), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ warehouse, hours, limit }, { api, clock, signal }) {
    const untilMs = clock.now().getTime();
    const rows = await api.warehouseLoad({ sinceMs: untilMs - hours * HOUR_MS, untilMs, limit: limit + 1, ...(warehouse === undefined ? {} : { warehouse }) }, signal);
    return { samples: rows.slice(0, limit).map(toLoadSample), truncated: rows.length > limit };
  },
});
