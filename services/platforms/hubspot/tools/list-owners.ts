import { z } from "zod";
import { ownerSchema, toOwners } from "../types/normalized.js";
import { defineHubspotTool } from "./define.js";

export const listOwners = defineHubspotTool({
  name: "hubspot_list_owners",
  title: "List HubSpot owners",
  description:
    "List the HubSpot users who can own records (id, name, email, teams), or find one by email. " +
    "Use the id as `hubspot_owner_id` when assigning records, notes or tasks, and to read the " +
    "`hubspot_owner_id` property of search results.",
  toolset: "crm",
  input: z.object({
    email: z.email().optional(),
    limit: z.number().int().min(1).max(100).default(100),
    after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({ owners: z.array(ownerSchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.listOwners({ limit: input.limit, after: input.after, email: input.email }, signal);
    return { owners: toOwners(response), nextCursor: response.paging?.next?.after };
  },
});
