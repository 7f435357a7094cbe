import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const setTaskParent = defineAsanaTool({
  name: "asana_set_task_parent",
  title: "Make an Asana task a subtask (or a top-level task)",
  description:
    "Move an Asana task under another task as its subtask, optionally before or after one of that " +
    "parent's subtasks; `parent: null` makes it a top-level task again. Setting the same parent again " +
    "changes nothing.",
  toolset: "tasks",
  input: z.object({
    task: z.string().min(1),
    parent: z.string().min(1).nullable().describe("the new parent task's gid; null removes the parent"),
    insertBefore: z.string().min(1).optional().describe("a subtask of the parent to place it before"),
    insertAfter: z.string().min(1).optional().describe("a subtask of the parent to place it after"),
  }),
  output: z.object({ task: taskSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    if (input.insertBefore && input.insertAfter) throw new UpstreamError("asana", 400, false, "give insertBefore or insertAfter, not both");
    const insert = { ...(input.insertBefore ? { before: input.insertBefore } : {}), ...(input.insertAfter ? { after: input.insertAfter } : {}) };
    return { task: toTask(await api.setParent(input.task, input.parent, insert, signal)) };
  },
});
