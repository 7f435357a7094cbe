import { defineTool } from "../../../runtime/contract.js";
import type { OpenrouterApi } from "../api/index.js";

/** defineTool bound to the OpenRouter client, so every tool's handler sees `ctx.api: OpenrouterApi`. */
export const defineOpenrouterTool = defineTool<OpenrouterApi>();
