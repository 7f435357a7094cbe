import { defineTool } from "../../../runtime/contract.js";
import type { SlackApi } from "../api/index.js";

/** defineTool bound to the Slack client, so every tool's handler sees `ctx.api: SlackApi`. */
export const defineSlackTool = defineTool<SlackApi>();
