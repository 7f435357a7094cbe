import { z } from "zod";
import { crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

const recordRefSchema = z.object({ objectType: crmObjectTypeSchema, id: z.string().min(1) });

export const associateObjects = defineHubspotTool({
  name: "hubspot_associate_objects",
  title: "Associate two HubSpot records",
  description:
    "Link two existing HubSpot records with HubSpot's default (unlabeled) association, e.g. a contact " +
    "with a company or a deal with a contact. Linking records that are already linked changes nothing.",
  toolset: "crm",
  input: z.object({ from: recordRefSchema, to: recordRefSchema }),
  output: z.object({
    from: recordRefSchema,
    to: recordRefSchema,
    associationTypeIds: z.array(z.number().int()),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.associateDefault(input.from, input.to, signal);
    const associationTypeIds = [
      ...new Set(response.results.flatMap((result) => (result.associationSpec ? [result.associationSpec.associationTypeId] : []))),
    ];
    return { from: input.from, to: input.to, associationTypeIds };
  },
});
