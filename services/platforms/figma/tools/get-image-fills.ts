import { z } from "zod";
import { defineFigmaTool } from "./define.js";
import { fileKeySchema } from "./schemas.js";

export const getImageFills = defineFigmaTool({
  name: "figma_get_image_fills",
  title: "Get download links for a Figma file's images",
  description:
    "Returns download URLs (valid up to 14 days) for the pictures placed in a Figma file as image fills (photos, " +
    "illustrations), by imageRef: figma_get_nodes lists a layer's imageRefs. Give imageRefs to keep only those; by default " +
    "every image of the file is listed (at most 500). To get a layer as it looks, use figma_render_images instead.",
  toolset: "images",
  input: z.object({ fileKey: fileKeySchema, imageRefs: z.array(z.string().min(1)).min(1).max(500).optional() }),
  output: z.object({ images: z.array(z.object({ imageRef: z.string(), url: z.string().nullable() })), total: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const fills = await api.getImageFills(input.fileKey, signal);
    const refs = input.imageRefs ?? Object.keys(fills);
    const images = refs.map((imageRef) => ({ imageRef, url: fills[imageRef] ?? null }));
    return { images: images.slice(0, 500), total: images.length };
  },
});
