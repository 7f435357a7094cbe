import { defineTool } from "../../../runtime/contract.js";
import type { GongApi } from "../api/index.js";

/** defineTool bound to the Gong client, so every tool's handler sees `ctx.api: GongApi`. */
export const defineGongTool = defineTool<GongApi>();
