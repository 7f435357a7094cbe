import { z } from "zod";
import { toWebhook, webhookOutputSchema } from "../types/normalized.js";
import { defineFigmaTool, teamOf } from "./define.js";
import { TIER2_NOTE } from "./schemas.js";

export const listWebhooks = defineFigmaTool({
  name: "figma_list_webhooks",
  title: "List Figma webhooks",
  description:
    "Lists the Figma webhooks (v2) attached to a team, project or file: event type, status (ACTIVE or PAUSED), endpoint and " +
    "description. The context defaults to the team FIGMA_TEAM_ID. Passcodes are never shown (Figma does not return them). " +
    TIER2_NOTE,
  toolset: "webhooks",
  input: z.object({
    context: z.enum(["team", "project", "file"]).default("team"),
    contextId: z.string().min(1).optional().describe("team id, project id or file key (default: FIGMA_TEAM_ID, for context team)"),
  }),
  output: z.object({ webhooks: z.array(webhookOutputSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const contextId = input.contextId ?? (input.context === "team" ? teamOf(api, undefined) : undefined);
    if (contextId === undefined) return { webhooks: [] };
    return { webhooks: (await api.listWebhooks(input.context, contextId, signal)).map(toWebhook) };
  },
});
