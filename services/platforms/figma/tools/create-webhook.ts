import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { toWebhook, webhookOutputSchema } from "../types/normalized.js";
import { defineFigmaTool, teamOf } from "./define.js";
import { TIER2_NOTE } from "./schemas.js";

export const createWebhook = defineFigmaTool({
  name: "figma_create_webhook",
  title: "Register a Figma webhook to this server",
  description:
    "Registers a Figma webhook (v2) that sends one event type for a team, project or file to this server's public webhook URL, " +
    "carrying the server's passcode, so the events become searchable memories. Figma sends a PING at once (unless paused). " +
    "Each call creates another webhook (Figma caps them: 20 per team, 5 per project, 3 per file), so check figma_list_webhooks " +
    `first. Needs the webhooks:write scope. ${TIER2_NOTE}`,
  toolset: "webhooks",
  input: z.object({
    eventType: z.enum(["FILE_UPDATE", "FILE_VERSION_UPDATE", "FILE_DELETE", "FILE_COMMENT", "LIBRARY_PUBLISH", "DEV_MODE_STATUS_UPDATE"]),
    context: z.enum(["team", "project", "file"]).default("team"),
    contextId: z.string().min(1).optional().describe("team id, project id or file key (default: FIGMA_TEAM_ID, for context team)"),
    description: z.string().max(140).optional(),
    paused: z.boolean().default(false).describe("create it paused (no PING, no events until resumed in Figma)"),
  }),
  output: z.object({ webhook: webhookOutputSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, webhookUrl }) {
    if (webhookUrl === undefined) {
      throw new UpstreamError("figma", 400, false, "this server knows no public webhook URL: set FIGMA_WEBHOOK_URL (or the fleet's WEBHOOK_PUBLIC_URL)");
    }
    const contextId = input.contextId ?? (input.context === "team" ? teamOf(api, undefined) : undefined);
    if (contextId === undefined) throw new UpstreamError("figma", 400, false, `give contextId: the ${input.context === "file" ? "file key" : "project id"}`);
    const created = await api.createWebhook(
      { eventType: input.eventType, context: input.context, contextId, endpoint: webhookUrl, paused: input.paused, ...(input.description ? { description: input.description } : {}) },
      signal,
    );
    return { webhook: toWebhook(created) };
  },
});
