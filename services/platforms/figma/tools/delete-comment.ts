import { z } from "zod";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema } from "./schemas.js";

export const deleteComment = defineFigmaTool({
  name: "figma_delete_comment",
  title: "Delete a Figma comment",
  description:
    "Deletes one comment from a Figma file, permanently (Figma allows it only for comments the token's owner wrote). " +
    `Deleting the first comment of a thread removes the thread. ${TIER2_NOTE}`,
  toolset: "comments",
  input: z.object({ fileKey: fileKeySchema, commentId: z.string().min(1) }),
  output: z.object({ deleted: z.literal(true), commentId: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    await api.deleteComment(input.fileKey, input.commentId, signal);
    return { deleted: true as const, commentId: input.commentId };
  },
});
