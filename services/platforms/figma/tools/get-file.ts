import { z } from "zod";
import { fileUrl, nodeSummarySchema, toNodeSummary } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER1_NOTE, fileKeySchema } from "./schemas.js";

/** Nodes returned at most, whatever the depth: a deep tree of a large file would swamp a model. */
export const MAX_NODES = 400;

export const getFile = defineFigmaTool({
  name: "figma_get_file",
  title: "Get a Figma file's metadata and pages",
  description:
    "Returns a Figma file's name, last change, version, editor type and your role, its pages and (with depth 2 or more) " +
    "the top-level frames on each page, plus counts of its local components and styles. Shallow by default (depth 1: pages " +
    `only); ask for more depth, or use figma_get_nodes on one frame, to look deeper (at most ${MAX_NODES} nodes are returned). ` +
    TIER1_NOTE,
  toolset: "files",
  input: z.object({
    fileKey: fileKeySchema,
    depth: z.number().int().min(1).max(4).default(1).describe("1: pages; 2: pages and their top-level frames; more: deeper"),
    version: z.string().min(1).optional().describe("a version id from figma_list_versions (default: current)"),
  }),
  output: z.object({
    key: z.string(),
    name: z.string(),
    lastModified: z.string(),
    version: z.string(),
    editorType: z.string(),
    role: z.string().optional(),
    url: z.string(),
    pages: z.array(nodeSummarySchema),
    componentCount: z.number().int(),
    styleCount: z.number().int(),
    branches: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const file = await api.getFile(input.fileKey, { depth: input.depth, version: input.version }, signal);
    // the DOCUMENT node itself is not returned: the budget is spent on its pages and what is below them
    const budget = { left: MAX_NODES };
    const pages = (file.document.children ?? []).filter(() => budget.left > 0).map((page) => toNodeSummary(page, budget));
    return {
      key: input.fileKey,
      name: file.name,
      lastModified: file.lastModified,
      version: file.version,
      editorType: file.editorType,
      ...(file.role ? { role: file.role } : {}),
      url: fileUrl(input.fileKey),
      pages,
      componentCount: Object.keys(file.components).length,
      styleCount: Object.keys(file.styles).length,
      ...(file.branches ? { branches: file.branches.map((b) => ({ key: b.key, name: b.name })) } : {}),
    };
  },
});
