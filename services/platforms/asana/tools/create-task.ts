import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import type { TaskWrite } from "../api/index.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const createTask = defineAsanaTool({
  name: "asana_create_task",
  title: "Create an Asana task or subtask",
  description:
    "Create an Asana task in a project (optionally in one of its sections), or a subtask under `parent`, " +
    "or a private task in a workspace (with neither). Assigning it notifies the assignee, and project " +
    "followers may be notified. Each call creates a new task (not idempotent). Returns the task with its link.",
  toolset: "tasks",
  input: z.object({
    name: z.string().min(1).max(1024),
    notes: z.string().max(65_000).optional(),
    project: z.string().min(1).optional().describe("project gid to create it in"),
    section: z.string().min(1).optional().describe("section gid of that project"),
    parent: z.string().min(1).optional().describe("task gid: create a subtask of it instead"),
    workspace: z.string().min(1).optional().describe("workspace gid, for a task in no project (default: ASANA_WORKSPACE_ID)"),
    assignee: z.string().min(1).optional().describe('user gid, email or "me"'),
    dueOn: z.iso.date().optional(),
    dueAt: z.iso.datetime({ offset: true }).optional().describe("due date and time (instead of dueOn)"),
    startOn: z.iso.date().optional(),
    tags: z.array(z.string().min(1)).max(20).optional().describe("tag gids"),
  }),
  output: z.object({ task: taskSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    if (input.section && !input.project) throw new UpstreamError("asana", 400, false, "a section needs its project");
    if (input.dueOn && input.dueAt) throw new UpstreamError("asana", 400, false, "give dueOn or dueAt, not both");
    const fields: TaskWrite = {
      name: input.name,
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(input.assignee ? { assignee: input.assignee } : {}),
      ...(input.dueOn ? { due_on: input.dueOn } : {}),
      ...(input.dueAt ? { due_at: input.dueAt } : {}),
      ...(input.startOn ? { start_on: input.startOn } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
    };
    if (input.parent) return { task: toTask(await api.createSubtask(input.parent, fields, signal)) };
    const placement: TaskWrite =
      input.project && input.section
        ? { memberships: [{ project: input.project, section: input.section }] }
        : input.project
          ? { projects: [input.project] }
          : { workspace: input.workspace ?? api.defaultWorkspace ?? "" };
    if (placement.workspace === "") throw new UpstreamError("asana", 400, false, "give a project, a parent or a workspace (ASANA_WORKSPACE_ID is not set)");
    return { task: toTask(await api.createTask({ ...fields, ...placement }, signal)) };
  },
});
