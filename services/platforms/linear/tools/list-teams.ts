import { z } from "zod";
import { teamSchema } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

export const listTeams = defineLinearTool({
  name: "linear_list_teams",
  title: "List Linear teams",
  description:
    "List the Linear teams the key can see: id, key (the prefix of issue identifiers, e.g. ENG) and " +
    "name. Use a team id to create issues and to list its workflow states.",
  toolset: "teams",
  input: z.object({
    limit: z.number().int().min(1).max(100).default(50),
    after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({ teams: z.array(teamSchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listTeams({ first: input.limit, after: input.after }, signal);
    return {
      teams: page.nodes.map((team) => ({
        id: team.id,
        key: team.key,
        name: team.name,
        ...(team.description ? { description: team.description } : {}),
      })),
      nextCursor: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : undefined,
    };
  },
});
