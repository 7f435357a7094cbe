import { defineTool, UpstreamError } from "../../../runtime/contract.js";
import type { FigmaApi } from "../api/index.js";

/** defineTool bound to the Figma client, so every tool's handler sees `ctx.api: FigmaApi`. */
export const defineFigmaTool = defineTool<FigmaApi>();

/** The team a tool works on: the one given, else FIGMA_TEAM_ID; a typed error naming both when neither is set. */
export function teamOf(api: FigmaApi, given: string | undefined): string {
  const team = given ?? api.defaultTeamId;
  if (team === undefined) {
    throw new UpstreamError("figma", 400, false, "no teamId given and FIGMA_TEAM_ID is not set: pass teamId (the number after /team/ in a Figma team URL)");
  }
  return team;
}
