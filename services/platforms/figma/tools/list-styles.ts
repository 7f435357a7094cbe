import { z } from "zod";
import { libraryItemOutputSchema, toStyle } from "../types/normalized.js";
import { defineFigmaTool, libraryPageOf, libraryPaging, nextCursorOf, teamOf } from "./define.js";
import { fileKeySchema } from "./schemas.js";

export const listStyles = defineFigmaTool({
  name: "figma_list_styles",
  title: "List published Figma styles",
  description:
    "Lists the published styles (colors and fills, text, effects, grids) of a Figma team library (paged: pass nextCursor back " +
    "as `after`), or of one library file when fileKey is given, with name, type, description and a link to each. The team " +
    "defaults to FIGMA_TEAM_ID. One Tier 3 call (50+ a minute per user).",
  toolset: "library",
  input: z.object({
    teamId: z.string().regex(/^\d+$/).optional(),
    fileKey: fileKeySchema.optional().describe("list the styles published from this file instead of the team's"),
    styleType: z.enum(["FILL", "TEXT", "EFFECT", "GRID"]).optional().describe("keep only styles of this type"),
    ...libraryPaging,
  }),
  output: z.object({ styles: z.array(libraryItemOutputSchema), nextCursor: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = input.fileKey
      ? await api.listFileStyles(input.fileKey, signal)
      : await api.listTeamStyles(teamOf(api, input.teamId), libraryPageOf(input), signal);
    const styles = response.meta.styles.map(toStyle).filter((s) => input.styleType === undefined || s.styleType === input.styleType);
    return { styles, ...nextCursorOf(input, response.meta.cursor, response.meta.styles.length) };
  },
});
