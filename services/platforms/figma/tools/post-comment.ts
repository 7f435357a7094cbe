import { z } from "zod";
import { commentOutputSchema, toComment } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema, nodeIdSchema } from "./schemas.js";

export const postComment = defineFigmaTool({
  name: "figma_post_comment",
  title: "Comment on a Figma file",
  description:
    "Posts a comment on a Figma file as the token's owner, or replies to a comment thread (replyTo: the id of the thread's first " +
    "comment). Optionally pins a new comment to a node. Figma notifies the file's followers and anyone @mentioned, and each call " +
    `posts another comment, so do not retry blindly. ${TIER2_NOTE}`,
  toolset: "comments",
  input: z.object({
    fileKey: fileKeySchema,
    message: z.string().min(1).max(10_000),
    replyTo: z.string().min(1).optional().describe("id of a top-level comment to reply to (replies to replies are not possible)"),
    nodeId: nodeIdSchema.optional().describe("pin a new comment to this node (not for replies)"),
  }),
  output: z.object({ comment: commentOutputSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const created = await api.postComment(
      input.fileKey,
      { message: input.message, ...(input.replyTo ? { replyTo: input.replyTo } : {}), ...(input.nodeId && !input.replyTo ? { nodeId: input.nodeId } : {}) },
      signal,
    );
    return { comment: toComment(created) };
  },
});
