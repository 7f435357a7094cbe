import { z } from "zod";
import { libraryItemOutputSchema, toComponent } from "../types/normalized.js";
import { defineFigmaTool, libraryPageOf, libraryPaging, nextCursorOf, teamOf } from "./define.js";
import { fileKeySchema } from "./schemas.js";

export const listComponents = defineFigmaTool({
  name: "figma_list_components",
  title: "List published Figma components",
  description:
    "Lists the published components of a Figma team library (paged: pass nextCursor back as `after`), or of one library file " +
    "when fileKey is given: name, description, the frame and page they sit in, who updated them last and a link to each. " +
    "The team defaults to FIGMA_TEAM_ID. `query` keeps the components whose name or description contains it (filters the page " +
    "Figma returned). One Tier 3 call (50+ a minute per user).",
  toolset: "library",
  input: z.object({
    teamId: z.string().regex(/^\d+$/).optional(),
    fileKey: fileKeySchema.optional().describe("list the components published from this file instead of the team's"),
    query: z.string().min(1).optional(),
    ...libraryPaging,
  }),
  output: z.object({ components: z.array(libraryItemOutputSchema), nextCursor: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = input.fileKey
      ? await api.listFileComponents(input.fileKey, signal)
      : await api.listTeamComponents(teamOf(api, input.teamId), libraryPageOf(input), signal);
    const needle = input.query?.toLowerCase();
    const components = response.meta.components
      .map(toComponent)
      .filter((c) => needle === undefined || c.name.toLowerCase().includes(needle) || c.description.toLowerCase().includes(needle));
    return { components, ...nextCursorOf(input, response.meta.cursor, response.meta.components.length) };
  },
});
