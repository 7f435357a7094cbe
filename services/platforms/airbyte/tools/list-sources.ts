import { z } from "zod";
import { nextOffset } from "../api/index.js";
import { connectorOutSchema, toSource } from "../types/normalized.js";
import { defineAirbyteTool, pageInput, workspaceInput } from "./define.js";

export const listSources = defineAirbyteTool({
  name: "airbyte_list_sources",
  title: "List Airbyte sources",
  description:
    "List the sources configured in Airbyte (in one workspace, or every workspace the application sees): id, name, " +
    "connector type (e.g. postgres, salesforce), workspace and the names of its configured settings. Setting values are never " +
    "returned: they can be credentials.",
  toolset: "connectors",
  input: z.object({ workspaceId: workspaceInput, ...pageInput, includeDeleted: z.boolean().default(false) }),
  output: z.object({ sources: z.array(connectorOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspaceId = input.workspaceId ?? api.workspaceId;
    const page = await api.listSources(
      { limit: input.limit, offset: input.offset, ...(workspaceId ? { workspaceId } : {}), ...(input.includeDeleted ? { includeDeleted: true } : {}) },
      signal,
    );
    const next = nextOffset(page, input.offset);
    return { sources: page.data.map(toSource), ...(next === undefined ? {} : { nextOffset: next }) };
  },
});
