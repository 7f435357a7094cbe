import { defineTool } from "../../../runtime/contract.js";
import type { UsergemsApi } from "../api/index.js";

/** defineTool bound to the UserGems client, so every tool's handler sees `ctx.api: UsergemsApi`. */
export const defineUsergemsTool = defineTool<UsergemsApi>();
