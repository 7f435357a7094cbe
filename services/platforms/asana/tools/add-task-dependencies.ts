import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { defineAsanaTool } from "./define.js";

const gids = z.array(z.string().min(1)).min(1).max(30);

export const addTaskDependencies = defineAsanaTool({
  name: "asana_add_task_dependencies",
  title: "Link Asana tasks that wait on each other",
  description:
    "Record that an Asana task is blocked by (depends on) the tasks in `dependsOn`, and/or that it " +
    "blocks the tasks in `blocks` (they become its dependents); up to 30 each. One request per list. " +
    "Adding a link that exists already changes nothing.",
  toolset: "tasks",
  input: z.object({
    task: z.string().min(1),
    dependsOn: gids.optional().describe("gids of the tasks this one waits on"),
    blocks: gids.optional().describe("gids of the tasks that wait on this one"),
  }),
  output: z.object({ task: z.string(), dependsOn: z.array(z.string()), blocks: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    if (!input.dependsOn && !input.blocks) throw new UpstreamError("asana", 400, false, "give dependsOn, blocks or both");
    if (input.dependsOn) await api.addDependencies(input.task, input.dependsOn, signal);
    if (input.blocks) await api.addDependents(input.task, input.blocks, signal);
    return { task: input.task, dependsOn: input.dependsOn ?? [], blocks: input.blocks ?? [] };
  },
});
