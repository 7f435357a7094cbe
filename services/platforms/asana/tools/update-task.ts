import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import type { TaskWrite } from "../api/index.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const updateTask = defineAsanaTool({
  name: "asana_update_task",
  title: "Update or complete an Asana task",
  description:
    "Change an Asana task: complete it (`completed: true`) or reopen it (`false`), rename it, replace its " +
    "notes, reassign it (null unassigns), set or clear (null) its due or start date. Only the fields " +
    "given change. Reassigning notifies the new assignee; completing shows in followers' inboxes. " +
    "Setting the same values again changes nothing (idempotent).",
  toolset: "tasks",
  input: z.object({
    task: z.string().min(1),
    name: z.string().min(1).max(1024).optional(),
    notes: z.string().max(65_000).optional(),
    assignee: z.string().min(1).nullable().optional().describe('user gid, email or "me"; null unassigns'),
    dueOn: z.iso.date().nullable().optional(),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
    startOn: z.iso.date().nullable().optional(),
    completed: z.boolean().optional(),
  }),
  output: z.object({ task: taskSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const changes: TaskWrite = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.dueAt !== undefined ? { due_at: input.dueAt } : {}),
      ...(input.startOn !== undefined ? { start_on: input.startOn } : {}),
      ...(input.completed !== undefined ? { completed: input.completed } : {}),
    };
    if (Object.keys(changes).length === 0) throw new UpstreamError("asana", 400, false, "nothing to change: give at least one field");
    return { task: toTask(await api.updateTask(input.task, changes, signal)) };
  },
});
