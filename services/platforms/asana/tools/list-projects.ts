import { z } from "zod";
import { PAGE_LIMIT, workspaceOf } from "../api/index.js";
import { projectSchema, toProject } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listProjects = defineAsanaTool({
  name: "asana_list_projects",
  title: "Find Asana projects",
  description:
    "List the projects of an Asana workspace, optionally only those whose name contains `nameContains` " +
    "(case-insensitive), with owner, team, dates and current status. Archived projects are left out " +
    "unless `archived` is true. Reads up to `limit` matches (pages of 100 are read until then).",
  toolset: "projects",
  input: z.object({
    workspace: z.string().min(1).optional().describe("workspace gid (default: ASANA_WORKSPACE_ID)"),
    nameContains: z.string().min(1).optional(),
    archived: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({ projects: z.array(projectSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspace = workspaceOf(api, input.workspace);
    const needle = input.nameContains?.toLowerCase();
    const projects = [];
    // the name filter is ours (Asana's project list has none), so read pages until enough match
    let offset: string | undefined;
    do {
      const page = await api.listProjects({ workspace, archived: input.archived, limit: PAGE_LIMIT, ...(offset ? { offset } : {}) }, signal);
      projects.push(...page.items.filter((p) => needle === undefined || p.name.toLowerCase().includes(needle)));
      offset = page.next;
    } while (offset !== undefined && projects.length < input.limit);
    return { projects: projects.slice(0, input.limit).map(toProject) };
  },
});
