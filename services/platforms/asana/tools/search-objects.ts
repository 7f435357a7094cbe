import { z } from "zod";
import { TYPEAHEAD_TYPES, workspaceOf } from "../api/index.js";
import { refSchema, toRef } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const searchObjects = defineAsanaTool({
  name: "asana_search_objects",
  title: "Find Asana objects by name",
  description:
    "Find projects, tasks, users, tags, teams, portfolios, goals, custom fields or project templates of " +
    "a workspace by name (Asana's typeahead: quick and on every plan, but not exhaustive and not " +
    "paginated; users come most-contacted first, projects most recent first). Returns gids and names " +
    "for the other tools. An empty `query` lists the most relevant objects of that type.",
  toolset: "workspaces",
  input: z.object({
    resourceType: z.enum(TYPEAHEAD_TYPES),
    query: z.string().max(200).default(""),
    workspace: z.string().min(1).optional().describe("workspace gid (default: ASANA_WORKSPACE_ID)"),
    count: z.number().int().min(1).max(100).default(20),
  }),
  output: z.object({ resourceType: z.enum(TYPEAHEAD_TYPES), results: z.array(refSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const found = await api.typeahead(workspaceOf(api, input.workspace), { resourceType: input.resourceType, text: input.query, count: input.count }, signal);
    return { resourceType: input.resourceType, results: found.map(toRef) };
  },
});
