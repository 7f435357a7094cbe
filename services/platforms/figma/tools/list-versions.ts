import { z } from "zod";
import { toVersion, versionOutputSchema } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema } from "./schemas.js";

export const listVersions = defineFigmaTool({
  name: "figma_list_versions",
  title: "List a Figma file's version history",
  description:
    "Lists a Figma file's versions, newest first: who saved each, when, and the label and description of named versions " +
    "(autosaves have none). Pass nextCursor back as `before` for older versions. A version id can be given to " +
    `figma_get_file, figma_get_nodes and figma_render_images to see the file as it was. ${TIER2_NOTE}`,
  toolset: "files",
  input: z.object({
    fileKey: fileKeySchema,
    pageSize: z.number().int().min(1).max(50).default(20),
    before: z.string().regex(/^\d+$/).optional().describe("version id: list versions older than it (nextCursor of a previous call)"),
    namedOnly: z.boolean().default(false).describe("keep only versions with a label (filters the page Figma returned)"),
  }),
  output: z.object({ versions: z.array(versionOutputSchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listVersions(input.fileKey, { pageSize: input.pageSize, ...(input.before ? { before: input.before } : {}) }, signal);
    const versions = page.versions.map(toVersion);
    const last = versions.at(-1);
    // Figma's next_page is a URL whose `before` is the oldest version on this page
    const next = page.pagination.next_page ? (new URL(page.pagination.next_page).searchParams.get("before") ?? last?.id) : undefined;
    return {
      versions: input.namedOnly ? versions.filter((v) => v.label !== null && v.label !== "") : versions,
      ...(next && page.versions.length === input.pageSize ? { nextCursor: next } : {}),
    };
  },
});
