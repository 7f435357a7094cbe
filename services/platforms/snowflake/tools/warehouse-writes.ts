/** What the warehouse-changing tools share: the read-only refusal and the warehouse as it stands. */
import { UpstreamError } from "../../../runtime/contract.js";
import type { ToolContext } from "../../../runtime/contract.js";
import type { SnowflakeApi } from "../api/index.js";
import { type Warehouse, toWarehouse } from "../types/normalized.js";

/** The runtime hides write tools when `read_only: true`; a handler reached anyway refuses too. */
export function refuseWhenReadOnly(ctx: ToolContext<SnowflakeApi>, tool: string): void {
  if (ctx.settings.read_only === true) throw new UpstreamError("snowflake", 403, false, `${tool} is disabled: this integration is read_only`);
}

export async function findWarehouse(ctx: ToolContext<SnowflakeApi>, name: string): Promise<Warehouse> {
  const found = (await ctx.api.listWarehouses(ctx.signal)).map(toWarehouse).find((w) => w.name === name);
  if (found === undefined) throw new UpstreamError("snowflake", 404, false, `No warehouse ${name} (names are case-sensitive as stored), or the role cannot see it`);
  return found;
}
