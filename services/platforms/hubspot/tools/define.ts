import { defineTool } from "../../../runtime/contract.js";
import type { HubspotApi } from "../api/index.js";

/** defineTool bound to the HubSpot client, so every tool's handler sees `ctx.api: HubspotApi`. */
export const defineHubspotTool = defineTool<HubspotApi>();
