import { z } from "zod";
import { fileUrl, nodeSummarySchema, toNodeSummary } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { MAX_NODES } from "./get-file.js";
import { TIER1_NOTE, fileKeySchema, nodeIdSchema } from "./schemas.js";

export const getNodes = defineFigmaTool({
  name: "figma_get_nodes",
  title: "Get Figma nodes",
  description:
    "Returns the layers under the given node ids (frames, components, text...) as a tree of ids, names, types, sizes, " +
    "text content and Dev Mode status, two levels deep by default. Node ids come from figma_get_file or a Figma URL's " +
    `node-id. Ids that do not exist come back in \`missing\`. At most ${MAX_NODES} nodes are returned. ${TIER1_NOTE}`,
  toolset: "files",
  input: z.object({
    fileKey: fileKeySchema,
    nodeIds: z.array(nodeIdSchema).min(1).max(50),
    depth: z.number().int().min(1).max(6).default(2).describe("levels below each requested node"),
    version: z.string().min(1).optional(),
  }),
  output: z.object({
    fileName: z.string(),
    lastModified: z.string(),
    nodes: z.array(nodeSummarySchema.and(z.object({ url: z.string() }))),
    missing: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.getFileNodes(input.fileKey, input.nodeIds, { depth: input.depth, version: input.version }, signal);
    const budget = { left: MAX_NODES };
    const nodes = [];
    const missing: string[] = [];
    for (const id of input.nodeIds) {
      const entry = response.nodes[id];
      if (entry === undefined || entry === null) missing.push(id);
      else if (budget.left > 0) nodes.push({ ...toNodeSummary(entry.document, budget), url: fileUrl(input.fileKey, id) });
    }
    return { fileName: response.name, lastModified: response.lastModified, nodes, missing };
  },
});
