import { z } from "zod";
import { connectorOutSchema, toSource } from "../types/normalized.js";
import { defineAirbyteTool, nextPageOf, workspaceListInput, workspaceListRequest } from "./define.js";

export const listSources = defineAirbyteTool({
  name: "airbyte_list_sources",
  title: "List Airbyte sources",
  description:
    "List the sources configured in Airbyte (in one workspace, or every workspace the application sees): id, name, " +
    "connector type (e.g. postgres, salesforce), workspace and the names of its configured settings. Setting values are never " +
    "returned: they can be credentials.",
  toolset: "connectors",
  input: workspaceListInput,
  output: z.object({ sources: z.array(connectorOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listSources(workspaceListRequest(input, api), signal);
    return { sources: page.data.map(toSource), ...nextPageOf(page, input.offset) };
  },
});
