import { z } from "zod";
import { workspaceOf } from "../api/index.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listMyTasks = defineAsanaTool({
  name: "asana_list_my_tasks",
  title: "List my Asana tasks",
  description:
    "List the tasks assigned to the token's user (\"me\") in a workspace: incomplete ones by default, " +
    "or also those completed since `completedSince`. With assignee, due date, projects and link. One " +
    "page of up to `limit`; pass `offset` from a previous answer for the next.",
  toolset: "tasks",
  input: z.object({
    workspace: z.string().min(1).optional().describe("workspace gid (default: ASANA_WORKSPACE_ID)"),
    completedSince: z.iso.datetime({ offset: true }).optional().describe("also tasks completed since then (default: incomplete only)"),
    limit: z.number().int().min(1).max(100).default(50),
    offset: z.string().min(1).optional(),
  }),
  output: z.object({ tasks: z.array(taskSchema), nextOffset: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspace = workspaceOf(api, input.workspace);
    const page = await api.listTasks(
      { assignee: "me", workspace, completedSince: input.completedSince ?? "now", limit: input.limit, ...(input.offset ? { offset: input.offset } : {}) },
      signal,
    );
    return { tasks: page.items.map(toTask), nextOffset: page.next ?? null };
  },
});
