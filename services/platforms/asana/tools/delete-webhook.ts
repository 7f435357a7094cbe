import { z } from "zod";
import { defineAsanaTool } from "./define.js";

export const deleteWebhook = defineAsanaTool({
  name: "asana_delete_webhook",
  title: "Delete an Asana webhook",
  description:
    "Delete an Asana webhook by gid: Asana stops sending its events at once, and it cannot be restored " +
    "(create a new one with asana_create_webhook). Destructive.",
  toolset: "webhooks",
  input: z.object({ webhook: z.string().min(1).describe("webhook gid (asana_list_webhooks)") }),
  output: z.object({ deleted: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    await api.deleteWebhook(input.webhook, signal);
    return { deleted: input.webhook };
  },
});
