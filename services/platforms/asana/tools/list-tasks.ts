import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listTasks = defineAsanaTool({
  name: "asana_list_tasks",
  title: "List the tasks of an Asana project, section or tag",
  description:
    "List the tasks of one Asana project, section or tag (give exactly one), in their Asana order, " +
    "with assignee, due date, completion, section and link (no notes: use asana_get_task). By default " +
    "only incomplete tasks; `includeCompleted` adds completed ones. `modifiedSince` narrows to tasks " +
    "changed since an instant. One page of up to `limit`; pass `offset` from a previous answer for the next.",
  toolset: "tasks",
  input: z.object({
    project: z.string().min(1).optional(),
    section: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    includeCompleted: z.boolean().default(false),
    modifiedSince: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(100).default(50),
    offset: z.string().min(1).optional(),
  }),
  output: z.object({ tasks: z.array(taskSchema), nextOffset: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const given = [input.project, input.section, input.tag].filter((value) => value !== undefined).length;
    if (given !== 1) throw new UpstreamError("asana", 400, false, "give exactly one of project, section or tag");
    const page = await api.listTasks(
      {
        ...(input.project ? { project: input.project } : {}),
        ...(input.section ? { section: input.section } : {}),
        ...(input.tag ? { tag: input.tag } : {}),
        // Asana's "completed_since=now" means: incomplete tasks only (tag lists take no such filter)
        ...(input.includeCompleted || input.tag ? {} : { completedSince: "now" }),
        ...(input.modifiedSince && !input.tag ? { modifiedSince: input.modifiedSince } : {}),
        limit: input.limit,
        ...(input.offset ? { offset: input.offset } : {}),
      },
      signal,
    );
    return { tasks: page.items.map(toTask), nextOffset: page.next ?? null };
  },
});
