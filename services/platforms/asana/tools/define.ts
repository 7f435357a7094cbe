import { defineTool } from "../../../runtime/contract.js";
import type { AsanaApi } from "../api/index.js";

/** defineTool bound to the Asana client, so every tool's handler sees `ctx.api: AsanaApi`. */
export const defineAsanaTool = defineTool<AsanaApi>();
