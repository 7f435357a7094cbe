import { z } from "zod";
import { defineFigmaTool } from "./define.js";
import { TIER1_NOTE, fileKeySchema, nodeIdSchema } from "./schemas.js";

export const renderImages = defineFigmaTool({
  name: "figma_render_images",
  title: "Render Figma nodes as images",
  description:
    "Renders frames, components or other nodes of a Figma file as PNG, JPG, SVG or PDF and returns a download URL per node " +
    "(Figma's URLs expire after 30 days). A node Figma could not render (invisible, empty, not found) has url null. " +
    TIER1_NOTE,
  toolset: "images",
  input: z.object({
    fileKey: fileKeySchema,
    nodeIds: z.array(nodeIdSchema).min(1).max(50),
    format: z.enum(["png", "jpg", "svg", "pdf"]).default("png"),
    scale: z.number().min(0.01).max(4).optional().describe("scale factor, 0.01 to 4 (default 1)"),
    version: z.string().min(1).optional(),
  }),
  output: z.object({ format: z.string(), images: z.array(z.object({ nodeId: z.string(), url: z.string().nullable() })) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.renderImages(input.fileKey, input.nodeIds, { format: input.format, scale: input.scale, version: input.version }, signal);
    return { format: input.format, images: input.nodeIds.map((nodeId) => ({ nodeId, url: response.images[nodeId] ?? null })) };
  },
});
