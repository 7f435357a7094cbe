import { z } from "zod";
import { projectSchema, toProject } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

export const listProjects = defineLinearTool({
  name: "linear_list_projects",
  title: "List Linear projects",
  description:
    "List Linear projects with status, progress (0..1), lead, teams and dates, optionally only those of " +
    "one team, matching a name, or still active (not completed or canceled). Use a project id to file " +
    "or filter issues.",
  toolset: "projects",
  input: z.object({
    teamId: z.string().min(1).optional(),
    name: z.string().min(1).max(200).optional().describe("part of the project name"),
    activeOnly: z.boolean().default(true).describe("leave out completed and canceled projects"),
    limit: z.number().int().min(1).max(50).default(25),
    after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({ projects: z.array(projectSchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const filter: Record<string, unknown> = {};
    if (input.teamId) filter.accessibleTeams = { some: { id: { eq: input.teamId } } };
    if (input.name) filter.name = { containsIgnoreCase: input.name };
    if (input.activeOnly) filter.status = { type: { nin: ["completed", "canceled"] } };
    const page = await api.listProjects(
      { filter: Object.keys(filter).length > 0 ? filter : undefined, first: input.limit, after: input.after },
      signal,
    );
    return {
      projects: page.nodes.map(toProject),
      nextCursor: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : undefined,
    };
  },
});
