import { z } from "zod";
import { workspaceOf } from "../api/index.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

const gids = z.array(z.string().min(1)).min(1).max(20);

export const searchTasks = defineAsanaTool({
  name: "asana_search_tasks",
  title: "Search Asana tasks",
  description:
    "Search the tasks of a workspace by text (names and notes), assignee, project, section, completion, " +
    "due dates and modification time (Asana's task search: premium workspaces only, and limited to 60 " +
    "searches a minute; a free workspace answers 402). Returns up to `limit` tasks, newest change first " +
    "by default. Use asana_list_tasks for a project's tasks on any plan.",
  toolset: "tasks",
  input: z.object({
    workspace: z.string().min(1).optional().describe("workspace gid (default: ASANA_WORKSPACE_ID)"),
    text: z.string().min(1).optional(),
    assignees: gids.optional().describe('user gids, or "me"'),
    projects: gids.optional(),
    sections: gids.optional(),
    completed: z.boolean().optional(),
    dueBefore: z.iso.date().optional(),
    dueAfter: z.iso.date().optional(),
    modifiedAfter: z.iso.datetime({ offset: true }).optional(),
    sortBy: z.enum(["modified_at", "due_date", "created_at", "completed_at", "likes"]).default("modified_at"),
    limit: z.number().int().min(1).max(100).default(25),
  }),
  output: z.object({ tasks: z.array(taskSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const tasks = await api.searchTasks(
      workspaceOf(api, input.workspace),
      {
        ...(input.text ? { text: input.text } : {}),
        ...(input.assignees ? { assigneeAny: input.assignees } : {}),
        ...(input.projects ? { projectsAny: input.projects } : {}),
        ...(input.sections ? { sectionsAny: input.sections } : {}),
        ...(input.completed !== undefined ? { completed: input.completed } : {}),
        ...(input.dueBefore ? { dueOnBefore: input.dueBefore } : {}),
        ...(input.dueAfter ? { dueOnAfter: input.dueAfter } : {}),
        ...(input.modifiedAfter ? { modifiedAtAfter: input.modifiedAfter } : {}),
        sortBy: input.sortBy,
        limit: input.limit,
      },
      signal,
    );
    return { tasks: tasks.map(toTask) };
  },
});
