import { z } from "zod";
import { devResourceOutputSchema, toDevResource } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema, nodeIdSchema } from "./schemas.js";

export const listDevResources = defineFigmaTool({
  name: "figma_list_dev_resources",
  title: "List Dev Mode resources of a Figma file",
  description:
    "Lists the dev resources (links to code, Storybook, tickets, docs) attached to layers of a Figma file in Dev Mode, " +
    `optionally only those on the given nodes. The file must be a main file, not a branch. ${TIER2_NOTE}`,
  toolset: "dev_mode",
  input: z.object({ fileKey: fileKeySchema, nodeIds: z.array(nodeIdSchema).max(100).optional() }),
  output: z.object({ devResources: z.array(devResourceOutputSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { devResources: (await api.listDevResources(input.fileKey, input.nodeIds, signal)).map(toDevResource) };
  },
});
