import { defineTool } from "../../../runtime/contract.js";
import type { LinearApi } from "../api/index.js";

/** defineTool bound to the Linear client, so every tool's handler sees `ctx.api: LinearApi`. */
export const defineLinearTool = defineTool<LinearApi>();
