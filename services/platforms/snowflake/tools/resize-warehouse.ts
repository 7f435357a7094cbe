import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { CREDITS_PER_HOUR, WAREHOUSE_SIZES } from "../api/sql.js";
import { warehouseSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";
import { findWarehouse, refuseWhenReadOnly } from "./warehouse-writes.js";

export const resizeWarehouse = defineSnowflakeTool({
  name: "snowflake_resize_warehouse",
  title: "Resize a Snowflake warehouse",
  description:
    "Change a Snowflake warehouse's size, which changes the credits it bills per hour (ALTER WAREHOUSE SET " +
    "WAREHOUSE_SIZE). COSTS MONEY: each size up " +
    "doubles the credits it bills per hour per running cluster (XSMALL 1, SMALL 2, MEDIUM 4, LARGE 8, XLARGE " +
    "16, XXLARGE 32, XXXLARGE 64, X4LARGE 128, X5LARGE 256, X6LARGE 512 for a standard warehouse). You must " +
    "pass maxCreditsPerHour: the call is refused when the new size, times the warehouse's maximum cluster " +
    "count, bills more than that. Running queries finish on the old size; a running warehouse starts " +
    "billing the new size for new queries. Needs a role with MODIFY on the warehouse; unavailable when the " +
    "integration is read-only.",
  toolset: "warehouses",
  input: z.object({
    warehouse: z.string().min(1).max(255),
    size: z.enum(WAREHOUSE_SIZES),
    maxCreditsPerHour: z.number().positive().describe("refuse when the new size could bill more credits per hour than this"),
  }),
  output: z.object({ before: warehouseSchema, after: warehouseSchema, maxCreditsPerHourAtNewSize: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ warehouse, size, maxCreditsPerHour }, ctx) {
    refuseWhenReadOnly(ctx, "snowflake_resize_warehouse");
    const before = await findWarehouse(ctx, warehouse);
    const clusters = before.clusters.max ?? 1;
    const worst = CREDITS_PER_HOUR[size] * clusters;
    if (worst > maxCreditsPerHour) {
      throw new UpstreamError(
        "snowflake",
        400,
        false,
        `Refused: ${warehouse} at ${size} can bill ${worst} credits per hour (${CREDITS_PER_HOUR[size]} x ${clusters} cluster(s)), above maxCreditsPerHour ${maxCreditsPerHour}`,
      );
    }
    await ctx.api.resizeWarehouse(warehouse, size, ctx.signal);
    ctx.log.info({ warehouse, from: before.size, to: size, maxCreditsPerHour: worst }, "warehouse resized");
    return { before, after: await findWarehouse(ctx, warehouse), maxCreditsPerHourAtNewSize: worst };
  },
});
