import { z } from "zod";
import { teamSchema, toTeam } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { limitInput, nextCursorOf, untilInput } from "./inputs.js";

export const listTeams = defineVercelTool({
  name: "vercel_list_teams",
  title: "List Vercel teams",
  description:
    "List the Vercel teams the token can see (id, slug, name and the token owner's role), newest first. " +
    "Every other tool works in the server's configured team (VERCEL_TEAM_ID) or, without one, in the token " +
    "owner's personal account; this shows which teams exist. Returns `nextCursor` when there are more.",
  toolset: "teams",
  input: z.object({ limit: limitInput(20), until: untilInput }),
  output: z.object({ teams: z.array(teamSchema), configuredTeamId: z.string().optional(), nextCursor: z.number().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listTeams({ limit: input.limit, until: input.until }, signal);
    const nextCursor = nextCursorOf(page.pagination.next);
    return {
      teams: page.teams.map(toTeam),
      ...(api.teamId ? { configuredTeamId: api.teamId } : {}),
      ...(nextCursor === undefined ? {} : { nextCursor }),
    };
  },
});
