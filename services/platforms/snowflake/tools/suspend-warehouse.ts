import { z } from "zod";
import { warehouseSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";
import { findWarehouse, refuseWhenReadOnly } from "./warehouse-writes.js";

export const suspendWarehouse = defineSnowflakeTool({
  name: "snowflake_suspend_warehouse",
  title: "Suspend a Snowflake warehouse",
  description:
    "Suspend a running Snowflake warehouse, which can stop other people's queries from running (ALTER " +
    "WAREHOUSE SUSPEND). It stops billing credits once the " +
    "queries it is running finish, and drops its local cache, so the next queries run slower. Queries sent " +
    "to it afterwards resume it again when auto-resume is on, and FAIL when it is off: this can stop other " +
    "people's dashboards and pipelines. A suspended warehouse is left as it is. Needs a role with " +
    "OPERATE on the warehouse; unavailable when the integration is read-only.",
  toolset: "warehouses",
  input: z.object({ warehouse: z.string().min(1).max(255) }),
  output: z.object({ before: warehouseSchema, after: warehouseSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ warehouse }, ctx) {
    refuseWhenReadOnly(ctx, "snowflake_suspend_warehouse");
    const before = await findWarehouse(ctx, warehouse);
    if (before.state === "SUSPENDED") return { before, after: before };
    await ctx.api.suspendWarehouse(warehouse, ctx.signal);
    ctx.log.info({ warehouse }, "warehouse suspended");
    return { before, after: await findWarehouse(ctx, warehouse) };
  },
});
