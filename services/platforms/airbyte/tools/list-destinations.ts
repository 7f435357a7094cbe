import { z } from "zod";
import { connectorOutSchema, toDestination } from "../types/normalized.js";
import { defineAirbyteTool, nextPageOf, workspaceListInput, workspaceListRequest } from "./define.js";

export const listDestinations = defineAirbyteTool({
  name: "airbyte_list_destinations",
  title: "List Airbyte destinations",
  description:
    "List the destinations configured in Airbyte (in one workspace, or every workspace the application sees): id, name, " +
    "connector type (e.g. bigquery, snowflake), workspace and the names of its configured settings. Setting values are never " +
    "returned: they can be credentials.",
  toolset: "connectors",
  input: workspaceListInput,
  output: z.object({ destinations: z.array(connectorOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listDestinations(workspaceListRequest(input, api), signal);
    return { destinations: page.data.map(toDestination), ...nextPageOf(page, input.offset) };
  },
});
