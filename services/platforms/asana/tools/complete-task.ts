import { z } from "zod";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const completeTask = defineAsanaTool({
  name: "asana_complete_task",
  title: "Complete (or reopen) an Asana task",
  description:
    "Mark an Asana task complete, or incomplete again with `completed: false`. Followers see it in " +
    "their inbox. Completing a completed task changes nothing (idempotent).",
  toolset: "tasks",
  input: z.object({ task: z.string().min(1), completed: z.boolean().default(true) }),
  output: z.object({ task: taskSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { task: toTask(await api.updateTask(input.task, { completed: input.completed }, signal)) };
  },
});
