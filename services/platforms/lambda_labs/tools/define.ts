import { defineTool } from "../../../runtime/contract.js";
import type { LambdaLabsApi } from "../api/index.js";

/** defineTool bound to the Lambda Labs client, so every tool's handler sees `ctx.api: LambdaLabsApi`. */
export const defineLambdaLabsTool = defineTool<LambdaLabsApi>();
