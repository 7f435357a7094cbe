import { z } from "zod";
import { defineAsanaTool } from "./define.js";

export const addTaskDependencies = defineAsanaTool({
  name: "asana_add_task_dependencies",
  title: "Mark an Asana task as waiting on others",
  description:
    "Record that an Asana task is blocked by (depends on) the given tasks, up to 30 in all. Adding a " +
    "dependency that exists already changes nothing.",
  toolset: "tasks",
  input: z.object({ task: z.string().min(1), dependsOn: z.array(z.string().min(1)).min(1).max(30) }),
  output: z.object({ task: z.string(), dependsOn: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    await api.addDependencies(input.task, input.dependsOn, signal);
    return { task: input.task, dependsOn: input.dependsOn };
  },
});
