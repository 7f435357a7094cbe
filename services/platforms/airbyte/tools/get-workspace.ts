import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { toWorkspace, workspaceOutSchema } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const getWorkspace = defineAirbyteTool({
  name: "airbyte_get_workspace",
  title: "Get an Airbyte workspace",
  description: "Fetch one Airbyte workspace by id (default: the configured workspace): its name and data residency.",
  toolset: "workspaces",
  input: z.object({ workspaceId: idInput("workspace").optional() }),
  output: z.object({ workspace: workspaceOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspaceId = input.workspaceId ?? api.workspaceId;
    if (workspaceId === undefined) throw new UpstreamError("airbyte", 400, false, "no workspaceId given and AIRBYTE_WORKSPACE_ID is not set: pass workspaceId (see airbyte_list_workspaces)");
    return { workspace: toWorkspace(await api.getWorkspace(workspaceId, signal)) };
  },
});
