import { z } from "zod";
import { defineTool, UpstreamError } from "../../../runtime/contract.js";
import type { FigmaApi, LibraryPage } from "../api/index.js";

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

/** pageSize and after of the library listings (components, styles): a team library is paged, a file's is not. */
export const libraryPaging = {
  pageSize: z.number().int().min(1).max(1000).default(100),
  after: z.number().int().nonnegative().optional().describe("nextCursor of a previous call (team libraries only)"),
};

export function libraryPageOf(input: { pageSize: number; after?: number }): LibraryPage {
  return { pageSize: input.pageSize, ...(input.after !== undefined ? { after: input.after } : {}) };
}

/** The cursor of the next team library page: only when Figma gave one and this page came back full. */
export function nextCursorOf(input: { fileKey?: string; pageSize: number }, cursor: { after?: number } | undefined, returned: number): { nextCursor?: number } {
  const after = cursor?.after;
  return !input.fileKey && after !== undefined && returned === input.pageSize ? { nextCursor: after } : {};
}
