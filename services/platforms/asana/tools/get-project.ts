import { z } from "zod";
import { projectSchema, toProject } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

const countsSchema = z.object({
  tasks: z.number().int().nullable(),
  incompleteTasks: z.number().int().nullable(),
  completedTasks: z.number().int().nullable(),
  milestones: z.number().int().nullable(),
  incompleteMilestones: z.number().int().nullable(),
});

export const getProject = defineAsanaTool({
  name: "asana_get_project",
  title: "Get an Asana project",
  description:
    "Fetch one Asana project by gid: name, notes, owner, team, start and due dates, current status " +
    "update and link; with `includeTaskCounts`, how many tasks and milestones it has, done and not " +
    "(one more request).",
  toolset: "projects",
  input: z.object({ project: z.string().min(1).describe("project gid"), includeTaskCounts: z.boolean().default(true) }),
  output: z.object({ project: projectSchema, taskCounts: countsSchema.nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const [project, counts] = await Promise.all([
      api.getProject(input.project, signal),
      input.includeTaskCounts ? api.projectTaskCounts(input.project, signal) : Promise.resolve(undefined),
    ]);
    return {
      project: toProject(project),
      taskCounts: counts
        ? {
            tasks: counts.num_tasks ?? null,
            incompleteTasks: counts.num_incomplete_tasks ?? null,
            completedTasks: counts.num_completed_tasks ?? null,
            milestones: counts.num_milestones ?? null,
            incompleteMilestones: counts.num_incomplete_milestones ?? null,
          }
        : null,
    };
  },
});
