import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { targetWithRegistration } from "../api/registration.js";
import { toWebhook, webhookSchema } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

const filterSchema = z.object({
  resourceType: z.string().min(1).describe("task, story, section, project, ..."),
  resourceSubtype: z.string().min(1).optional().describe("e.g. comment_added for stories, milestone for tasks"),
  action: z.enum(["changed", "added", "removed", "deleted", "undeleted"]).optional(),
  fields: z.array(z.string().min(1)).max(20).optional().describe("only with action changed: the fields that matter"),
});

export const createWebhook = defineAsanaTool({
  name: "asana_create_webhook",
  title: "Subscribe this server to an Asana project's events",
  description:
    "Create an Asana webhook that sends the events of a project (or task, portfolio, workspace with " +
    "filters) to this server, which turns them into searchable memories. Asana confirms it with a " +
    "handshake to this server while the call runs; this call opens the only window in which that " +
    "handshake is accepted (2 minutes). Needs a public webhook URL (ASANA_WEBHOOK_URL or the fleet's). " +
    "Workspace-level webhooks need `filters`. Creating a second webhook for the same resource doubles " +
    "deliveries (not idempotent): check asana_list_webhooks first.",
  toolset: "webhooks",
  input: z.object({
    resource: z.string().min(1).describe("gid of the project (or task, portfolio, team, workspace) to watch"),
    filters: z.array(filterSchema).max(20).optional(),
  }),
  output: z.object({ webhook: webhookSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, clock, webhookUrl }) {
    if (webhookUrl === undefined) {
      throw new UpstreamError("asana", 400, false, "no public webhook URL is known for this server: set ASANA_WEBHOOK_URL (or the fleet's WEBHOOK_PUBLIC_URL)");
    }
    const { token } = api.openRegistration(clock.now());
    const filters = input.filters?.map((f) => ({
      resource_type: f.resourceType,
      ...(f.resourceSubtype ? { resource_subtype: f.resourceSubtype } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.fields ? { fields: f.fields } : {}),
    }));
    const created = await api.createWebhook({ resource: input.resource, target: targetWithRegistration(webhookUrl, token), ...(filters ? { filters } : {}) }, signal);
    return { webhook: toWebhook(created) };
  },
});
