import { defineTool } from "../../../runtime/contract.js";
import type { ApolloApi } from "../api/index.js";

/** defineTool bound to the Apollo client, so every tool's handler sees `ctx.api: ApolloApi`. */
export const defineApolloTool = defineTool<ApolloApi>();
