import { z } from "zod";
import { dailyCredits, dailyCreditsSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

const DAY_MS = 86_400_000;
/** hourly rows read at most */
const ROW_CAP = 50_000;

export const getCreditUsage = defineSnowflakeTool({
  name: "snowflake_get_credit_usage",
  title: "Snowflake credits by warehouse and day",
  description:
    "Credits used per warehouse per UTC day (summed from SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY, " +
    "which trails real time by up to about 3 hours, so today is incomplete), split into compute and cloud " +
    "services, with totals per warehouse and overall. Multiply by your contract's price per credit for " +
    "money. Needs a running warehouse: a few seconds of warehouse time.",
  toolset: "cost",
  input: z.object({
    days: z.number().int().min(1).max(92).default(7).describe("this many UTC days back, today included"),
    warehouse: z.string().min(1).max(255).optional(),
  }),
  output: z.object({
    days: z.array(dailyCreditsSchema),
    byWarehouse: z.array(z.object({ warehouse: z.string(), credits: z.number() })).describe("largest first"),
    totalCredits: z.number(),
    since: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ days, warehouse }, { api, clock, signal }) {
    const now = clock.now().getTime();
    const sinceMs = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
    const rows = await api.metering({ sinceMs, untilMs: now, limit: ROW_CAP, ...(warehouse === undefined ? {} : { warehouse }) }, signal);
    const perDay = dailyCredits(rows);
    const totals = new Map<string, number>();
    for (const day of perDay) totals.set(day.warehouse, (totals.get(day.warehouse) ?? 0) + day.credits);
    const round = (n: number) => Math.round(n * 1e6) / 1e6;
    return {
      days: perDay,
      byWarehouse: [...totals.entries()].map(([name, credits]) => ({ warehouse: name, credits: round(credits) })).sort((a, b) => b.credits - a.credits),
      totalCredits: round(perDay.reduce((sum, day) => sum + day.credits, 0)),
      since: new Date(sinceMs).toISOString(),
    };
  },
});
