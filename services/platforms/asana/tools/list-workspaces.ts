import { z } from "zod";
import { collect } from "../api/index.js";
import { toWorkspace, workspaceSchema } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listWorkspaces = defineAsanaTool({
  name: "asana_list_workspaces",
  title: "List Asana workspaces",
  description:
    "List the Asana workspaces and organizations the token can see, with their gids. Most other Asana " +
    "tools take a workspace gid (or use the configured ASANA_WORKSPACE_ID when it is omitted).",
  toolset: "workspaces",
  input: z.object({}),
  output: z.object({ workspaces: z.array(workspaceSchema), defaultWorkspace: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    const workspaces = await collect((offset) => api.listWorkspaces(offset, signal), 500);
    return { workspaces: workspaces.map(toWorkspace), defaultWorkspace: api.defaultWorkspace ?? null };
  },
});
