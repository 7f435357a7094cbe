import { z } from "zod";
import { crmRecordSchema, toCrmRecord } from "../types/normalized.js";
import { crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

export const updateObject = defineHubspotTool({
  name: "hubspot_update_object",
  title: "Update a HubSpot CRM record",
  description:
    "Set property values on an existing HubSpot contact, company, deal or ticket (e.g. move a deal with " +
    "dealstage, reassign with hubspot_owner_id). Only the given properties change; an empty string " +
    "clears a property. The previous values are overwritten. Returns the record as updated.",
  toolset: "crm",
  input: z.object({
    objectType: crmObjectTypeSchema,
    id: z.string().min(1),
    properties: z
      .record(z.string().min(1), z.string())
      .refine((properties) => Object.keys(properties).length > 0, "give at least one property"),
  }),
  output: z.object({ record: crmRecordSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const updated = await api.updateObject(input.objectType, input.id, input.properties, signal);
    return { record: toCrmRecord(input.objectType, updated) };
  },
});
