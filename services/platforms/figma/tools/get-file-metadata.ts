import { z } from "zod";
import { toPerson, personSchema, fileUrl } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema } from "./schemas.js";

export const getFileMetadata = defineFigmaTool({
  name: "figma_get_file_metadata",
  title: "Get a Figma file's metadata (cheap)",
  description:
    "Returns a Figma file's name, project, editor type (design, FigJam, slides...), creator, who touched it last and when, " +
    "its version number and link access, without reading its content. Prefer it to figma_get_file to check whether or when " +
    `a file changed: ${TIER2_NOTE}`,
  toolset: "files",
  input: z.object({ fileKey: fileKeySchema }),
  output: z.object({
    key: z.string(),
    name: z.string(),
    project: z.string().optional(),
    editorType: z.string(),
    creator: personSchema,
    lastTouchedAt: z.string(),
    lastTouchedBy: personSchema.optional(),
    version: z.string().optional(),
    linkAccess: z.string().optional(),
    role: z.string().optional(),
    url: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const meta = await api.getFileMeta(input.fileKey, signal);
    return {
      key: input.fileKey,
      name: meta.name,
      ...(meta.folder_name ? { project: meta.folder_name } : {}),
      editorType: meta.editorType,
      creator: toPerson(meta.creator),
      lastTouchedAt: meta.last_touched_at,
      ...(meta.last_touched_by ? { lastTouchedBy: toPerson(meta.last_touched_by) } : {}),
      ...(meta.version ? { version: meta.version } : {}),
      ...(meta.link_access ? { linkAccess: meta.link_access } : {}),
      ...(meta.role ? { role: meta.role } : {}),
      url: meta.url ?? fileUrl(input.fileKey),
    };
  },
});
