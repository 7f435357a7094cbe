import { z } from "zod";
import { pipelineSchema, toPipelines } from "../types/normalized.js";
import { defineHubspotTool } from "./define.js";

export const listPipelines = defineHubspotTool({
  name: "hubspot_list_pipelines",
  title: "List HubSpot deal or ticket pipelines",
  description:
    "List the deal or ticket pipelines and their stages in order, with stage ids (the values of the " +
    "dealstage / hs_pipeline_stage properties), win probability and whether a stage is closed. Use it " +
    "to read stage ids in records and to pick the right id before moving a deal or ticket.",
  toolset: "crm",
  input: z.object({
    objectType: z.enum(["deals", "tickets"]),
    includeArchived: z.boolean().default(false),
  }),
  output: z.object({ pipelines: z.array(pipelineSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.listPipelines(input.objectType, signal);
    return { pipelines: toPipelines(response, input.includeArchived) };
  },
});
