import { z } from "zod";
import { toWorkspace, workspaceOutSchema } from "../types/normalized.js";
import { defineAirbyteTool, nextPageOf, pageInput } from "./define.js";

export const listWorkspaces = defineAirbyteTool({
  name: "airbyte_list_workspaces",
  title: "List Airbyte workspaces",
  description:
    "List the Airbyte workspaces the application's credentials can see: id, name and data residency. " +
    "Workspace ids scope the source, destination, connection and job tools.",
  toolset: "workspaces",
  input: z.object({ ...pageInput, includeDeleted: z.boolean().default(false) }),
  output: z.object({ workspaces: z.array(workspaceOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listWorkspaces({ limit: input.limit, offset: input.offset, ...(input.includeDeleted ? { includeDeleted: true } : {}) }, signal);
    return { workspaces: page.data.map(toWorkspace), ...nextPageOf(page, input.offset) };
  },
});
