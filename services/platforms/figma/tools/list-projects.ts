import { z } from "zod";
import { defineFigmaTool, teamOf } from "./define.js";
import { TIER2_NOTE } from "./schemas.js";

export const listProjects = defineFigmaTool({
  name: "figma_list_projects",
  title: "List a Figma team's projects",
  description:
    "Lists the projects of a Figma team that the token's owner can see (id and name), for figma_list_project_files. " +
    `The team defaults to the server's FIGMA_TEAM_ID. ${TIER2_NOTE}`,
  toolset: "projects",
  input: z.object({ teamId: z.string().regex(/^\d+$/).optional().describe("the number after /team/ in a Figma team URL") }),
  output: z.object({ teamId: z.string(), teamName: z.string(), projects: z.array(z.object({ id: z.string(), name: z.string() })) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const teamId = teamOf(api, input.teamId);
    const response = await api.listTeamProjects(teamId, signal);
    return { teamId, teamName: response.name, projects: response.projects };
  },
});
