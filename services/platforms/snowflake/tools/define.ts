import { defineTool } from "../../../runtime/contract.js";
import type { SnowflakeApi } from "../api/index.js";

/** defineTool bound to the Snowflake client, so every tool's handler sees `ctx.api: SnowflakeApi`. */
export const defineSnowflakeTool = defineTool<SnowflakeApi>();
