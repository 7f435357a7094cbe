import { z } from "zod";
import { clip, COMMENT_BODY_MAX } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

export const createComment = defineLinearTool({
  name: "linear_create_comment",
  title: "Comment on a Linear issue",
  description:
    "Add a comment (Markdown) to a Linear issue, by identifier (ENG-123) or id. Subscribers are " +
    "notified. Each call posts a new comment.",
  toolset: "issues",
  input: z.object({
    issueId: z.string().min(1).describe('identifier like "ENG-123" or the issue id'),
    body: z.string().min(1).max(100_000),
  }),
  output: z.object({
    id: z.string(),
    issue: z.string().describe("identifier of the issue"),
    createdAt: z.string(),
    url: z.string().optional(),
    body: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const comment = await api.createComment({ issueId: input.issueId, body: input.body }, signal);
    return {
      id: comment.id,
      issue: comment.issue?.identifier ?? input.issueId,
      createdAt: comment.createdAt,
      ...(comment.url ? { url: comment.url } : {}),
      body: clip(comment.body, COMMENT_BODY_MAX),
    };
  },
});
