import { z } from "zod";
import { crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

export const listAssociations = defineHubspotTool({
  name: "hubspot_list_associations",
  title: "List associated HubSpot records",
  description:
    "List the records of one type associated with a HubSpot record (e.g. the contacts on a deal, the " +
    "deals of a company), with association labels such as \"Primary\" or custom ones. Returns record ids " +
    "only: fetch details with hubspot_get_object or hubspot_search_objects (filter hs_object_id IN ids).",
  toolset: "crm",
  input: z.object({
    objectType: crmObjectTypeSchema,
    id: z.string().min(1),
    toObjectType: crmObjectTypeSchema,
    limit: z.number().int().min(1).max(500).default(100),
    after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({
    results: z.array(z.object({ id: z.string(), labels: z.array(z.string()) })),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.listAssociations(
      { objectType: input.objectType, id: input.id },
      input.toObjectType,
      { limit: input.limit, after: input.after },
      signal,
    );
    return {
      results: response.results.map((association) => ({
        id: association.toObjectId,
        labels: association.associationTypes.flatMap((type) => (type.label ? [type.label] : [])),
      })),
      nextCursor: response.paging?.next?.after,
    };
  },
});
