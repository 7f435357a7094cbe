import { z } from "zod";
import { devResourceOutputSchema, toDevResource } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema, nodeIdSchema } from "./schemas.js";

export const createDevResource = defineFigmaTool({
  name: "figma_create_dev_resource",
  title: "Attach a link to a Figma layer in Dev Mode",
  description:
    "Attaches a dev resource (a named link: the component's code, a Storybook story, a ticket, docs) to a layer of a Figma " +
    "file, where developers see it in Dev Mode. A layer holds at most 10, and the same URL twice on one layer is refused; " +
    `refusals come back in \`errors\`. ${TIER2_NOTE}`,
  toolset: "dev_mode",
  input: z.object({
    fileKey: fileKeySchema,
    nodeId: nodeIdSchema,
    name: z.string().min(1).max(200),
    url: z.url(),
  }),
  output: z.object({ created: z.array(devResourceOutputSchema), errors: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.createDevResources([{ name: input.name, url: input.url, fileKey: input.fileKey, nodeId: input.nodeId }], signal);
    return { created: response.links_created.map(toDevResource), errors: response.errors.map((e) => e.error) };
  },
});
