import { z } from "zod";
import { projectSchema, toProject } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { limitInput } from "./inputs.js";

export const listProjects = defineVercelTool({
  name: "vercel_list_projects",
  title: "List Vercel projects",
  description:
    "List the projects of the configured Vercel team (or personal account), most recently updated first, " +
    "optionally only those whose name contains `search`. Each has its id, framework, connected Git repository " +
    "and production branch, and the deployment production serves now. Returns `nextCursor` when there are more " +
    "(pass it back as `cursor`).",
  toolset: "projects",
  input: z.object({
    search: z.string().min(1).max(100).optional().describe("part of the project name"),
    limit: limitInput(20),
    cursor: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({ projects: z.array(projectSchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listProjects({ limit: input.limit, from: input.cursor, search: input.search }, signal);
    const next = page.pagination.next;
    return { projects: page.projects.map(toProject), ...(next === null ? {} : { nextCursor: String(next) }) };
  },
});
