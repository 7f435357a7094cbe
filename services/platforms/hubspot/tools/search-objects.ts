import { z } from "zod";
import { SEARCH_OPERATORS } from "../api/index.js";
import { crmRecordSchema, toCrmRecord } from "../types/normalized.js";
import { OBJECT_TYPES, crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

const filterSchema = z.object({
  propertyName: z.string().min(1).describe("internal property name, e.g. email, dealstage, hs_lastmodifieddate"),
  operator: z.enum(SEARCH_OPERATORS),
  value: z.string().optional().describe("compared value; dates as ISO 8601 or epoch milliseconds"),
  highValue: z.string().optional().describe("upper bound, only with BETWEEN"),
  values: z.array(z.string()).max(100).optional().describe("only with IN / NOT_IN"),
});

export const searchObjects = defineHubspotTool({
  name: "hubspot_search_objects",
  title: "Search HubSpot CRM records",
  description:
    "Search HubSpot contacts, companies, deals or tickets by free text (`query`: names, emails, domains, " +
    "deal names...) and/or property filters (all filters must match). Returns matching records with their " +
    "main properties, the total number of matches, and `nextCursor` when there are more (pass it back as " +
    "`after`). Deal stages and pipelines are ids: resolve them with hubspot_list_pipelines; owners with " +
    "hubspot_list_owners. Use hubspot_get_object for one record with all its associations.",
  toolset: "crm",
  input: z.object({
    objectType: crmObjectTypeSchema,
    query: z.string().min(1).max(200).optional(),
    filters: z.array(filterSchema).max(10).optional(),
    properties: z.array(z.string().min(1)).max(50).optional().describe("properties to return instead of the defaults"),
    sort: z
      .object({ propertyName: z.string().min(1), direction: z.enum(["ASCENDING", "DESCENDING"]) })
      .optional(),
    limit: z.number().int().min(1).max(100).default(10),
    after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({
    total: z.number().int(),
    results: z.array(crmRecordSchema),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.searchObjects(
      input.objectType,
      {
        query: input.query,
        filterGroups: input.filters && input.filters.length > 0 ? [{ filters: input.filters }] : undefined,
        sorts: input.sort ? [input.sort] : undefined,
        properties: input.properties ?? OBJECT_TYPES[input.objectType].defaultProperties,
        limit: input.limit,
        after: input.after,
      },
      signal,
    );
    return {
      total: response.total,
      results: response.results.map((raw) => toCrmRecord(input.objectType, raw)),
      nextCursor: response.paging?.next?.after,
    };
  },
});
