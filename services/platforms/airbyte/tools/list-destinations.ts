import { z } from "zod";
import { nextOffset } from "../api/index.js";
import { connectorOutSchema, toDestination } from "../types/normalized.js";
import { defineAirbyteTool, pageInput, workspaceInput } from "./define.js";

export const listDestinations = defineAirbyteTool({
  name: "airbyte_list_destinations",
  title: "List Airbyte destinations",
  description:
    "List the destinations configured in Airbyte (in one workspace, or every workspace the application sees): id, name, " +
    "connector type (e.g. bigquery, snowflake), workspace and the names of its configured settings. Setting values are never " +
    "returned: they can be credentials.",
  toolset: "connectors",
  input: z.object({ workspaceId: workspaceInput, ...pageInput, includeDeleted: z.boolean().default(false) }),
  output: z.object({ destinations: z.array(connectorOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspaceId = input.workspaceId ?? api.workspaceId;
    const page = await api.listDestinations(
      { limit: input.limit, offset: input.offset, ...(workspaceId ? { workspaceId } : {}), ...(input.includeDeleted ? { includeDeleted: true } : {}) },
      signal,
    );
    const next = nextOffset(page, input.offset);
    return { destinations: page.data.map(toDestination), ...(next === undefined ? {} : { nextOffset: next }) };
  },
});
