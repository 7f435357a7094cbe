import { z } from "zod";
import { commentOutputSchema, toComment } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema } from "./schemas.js";

export const listComments = defineFigmaTool({
  name: "figma_list_comments",
  title: "List comments on a Figma file",
  description:
    "Lists the comments on a Figma file (messages as Markdown), newest first: author, text, when, whether resolved, the node it " +
    "is pinned to, reactions, and for replies the id of the thread's first comment. Use unresolvedOnly to see open feedback. " +
    TIER2_NOTE,
  toolset: "comments",
  input: z.object({
    fileKey: fileKeySchema,
    unresolvedOnly: z.boolean().default(false).describe("only threads not yet resolved (and their replies)"),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({ total: z.number().int(), comments: z.array(commentOutputSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const raw = await api.listComments(input.fileKey, signal);
    let comments = raw.map(toComment);
    if (input.unresolvedOnly) {
      const resolvedThreads = new Set(comments.filter((c) => c.parentId === undefined && c.resolvedAt !== undefined).map((c) => c.id));
      comments = comments.filter((c) => c.resolvedAt === undefined && !resolvedThreads.has(c.parentId ?? c.id));
    }
    comments.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return { total: comments.length, comments: comments.slice(0, input.limit) };
  },
});
