import { z } from "zod";
import { crmRecordSchema, toCrmRecord } from "../types/normalized.js";
import { crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

const recordRefSchema = z.object({ objectType: crmObjectTypeSchema, id: z.string().min(1) });

export const createObject = defineHubspotTool({
  name: "hubspot_create_object",
  title: "Create a HubSpot CRM record",
  description:
    "Create a HubSpot contact, company, deal or ticket from property values (internal names, e.g. " +
    "contacts: email, firstname, lastname; companies: name, domain; deals: dealname, amount, pipeline, " +
    "dealstage; tickets: subject, content, hs_pipeline, hs_pipeline_stage), and optionally associate it " +
    "with existing records using HubSpot's default association. Search first to avoid duplicates: " +
    "calling this twice creates two records.",
  toolset: "crm",
  input: z.object({
    objectType: crmObjectTypeSchema,
    properties: z
      .record(z.string().min(1), z.string())
      .refine((properties) => Object.keys(properties).length > 0, "give at least one property"),
    associateWith: z.array(recordRefSchema).max(10).optional(),
  }),
  output: z.object({ record: crmRecordSchema, associatedWith: z.array(recordRefSchema) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const created = await api.createObject(input.objectType, input.properties, signal);
    const associatedWith: { objectType: typeof input.objectType; id: string }[] = [];
    // One by one: the record exists once created, so a failure part-way must still report what was linked.
    for (const target of input.associateWith ?? []) {
      await api.associateDefault({ objectType: input.objectType, id: created.id }, target, signal);
      associatedWith.push(target);
    }
    return { record: toCrmRecord(input.objectType, created), associatedWith };
  },
});
