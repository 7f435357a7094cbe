import { z } from "zod";
import { workspaceOf } from "../api/index.js";
import { toWebhook, webhookSchema } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listWebhooks = defineAsanaTool({
  name: "asana_list_webhooks",
  title: "List Asana webhooks",
  description:
    "List the webhooks the token has created in a workspace (optionally for one resource): what each " +
    "watches, where it delivers, whether it is active and its last success and failure.",
  toolset: "webhooks",
  input: z.object({ workspace: z.string().min(1).optional().describe("workspace gid (default: ASANA_WORKSPACE_ID)"), resource: z.string().min(1).optional() }),
  output: z.object({ webhooks: z.array(webhookSchema), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listWebhooks(workspaceOf(api, input.workspace), input.resource, signal);
    return { webhooks: page.items.map(toWebhook), truncated: page.next !== undefined };
  },
});
