import { defineTool } from "../../../runtime/contract.js";
import type { PortkeyApi } from "../api/index.js";

/** defineTool bound to the Portkey client, so every tool's handler sees `ctx.api: PortkeyApi`. */
export const definePortkeyTool = defineTool<PortkeyApi>();
