import { defineTool } from "../../../runtime/contract.js";
import type { VercelApi } from "../api/index.js";

/** defineTool bound to the Vercel client, so every tool's handler sees `ctx.api: VercelApi`. */
export const defineVercelTool = defineTool<VercelApi>();
