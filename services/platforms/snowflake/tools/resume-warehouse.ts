import { z } from "zod";
import { warehouseSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";
import { findWarehouse, refuseWhenReadOnly } from "./warehouse-writes.js";

export const resumeWarehouse = defineSnowflakeTool({
  name: "snowflake_resume_warehouse",
  title: "Resume a Snowflake warehouse",
  description:
    "Resume (start) a suspended Snowflake warehouse, which then bills credits every hour it runs; a running " +
    "one is left as it is (ALTER WAREHOUSE RESUME IF SUSPENDED). COSTS MONEY: from now on it bills its size's credits per hour per running cluster " +
    "(X-Small 1, Small 2, Medium 4, Large 8 ... per hour; at least 60 seconds each time it starts) until it " +
    "suspends, by its auto-suspend or snowflake_suspend_warehouse. Returns the warehouse before and after. " +
    "Needs a role with OPERATE on the warehouse; unavailable when the integration is read-only.",
  toolset: "warehouses",
  input: z.object({ warehouse: z.string().min(1).max(255) }),
  output: z.object({ before: warehouseSchema, after: warehouseSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ warehouse }, ctx) {
    refuseWhenReadOnly(ctx, "snowflake_resume_warehouse");
    const before = await findWarehouse(ctx, warehouse);
    await ctx.api.resumeWarehouse(warehouse, ctx.signal);
    ctx.log.info({ warehouse, creditsPerHour: before.creditsPerHour }, "warehouse resumed");
    return { before, after: await findWarehouse(ctx, warehouse) };
  },
});
