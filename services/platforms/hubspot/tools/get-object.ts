import { z } from "zod";
import { crmRecordSchema, toCrmRecord } from "../types/normalized.js";
import { CRM_OBJECT_TYPES, OBJECT_TYPES, crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

export const getObject = defineHubspotTool({
  name: "hubspot_get_object",
  title: "Get a HubSpot CRM record",
  description:
    "Fetch one HubSpot contact, company, deal or ticket by its record id (or, with `idProperty`, by a " +
    "unique property such as a contact's email). Returns its properties and the ids of associated " +
    "records of the types listed in `associations` (default: all other CRM types).",
  toolset: "crm",
  input: z.object({
    objectType: crmObjectTypeSchema,
    id: z.string().min(1).describe("record id, or the value of `idProperty`"),
    idProperty: z.string().min(1).optional().describe("look the record up by this unique property, e.g. email"),
    properties: z.array(z.string().min(1)).max(100).optional().describe("properties to return instead of the defaults"),
    associations: z.array(crmObjectTypeSchema).max(4).optional(),
  }),
  output: z.object({ record: crmRecordSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const associations = input.associations ?? CRM_OBJECT_TYPES.filter((type) => type !== input.objectType);
    const raw = await api.getObject(
      input.objectType,
      input.id,
      {
        properties: input.properties ?? OBJECT_TYPES[input.objectType].defaultProperties,
        associations,
        idProperty: input.idProperty,
      },
      signal,
    );
    return { record: toCrmRecord(input.objectType, raw) };
  },
});
