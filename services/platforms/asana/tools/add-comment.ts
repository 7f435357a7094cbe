import { z } from "zod";
import { storySchema, toStory } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const addComment = defineAsanaTool({
  name: "asana_add_comment",
  title: "Comment on an Asana task",
  description:
    "Post a comment on an Asana task as the token's user. It notifies the task's followers (and anyone " +
    "@-mentioned). Each call posts a new comment (not idempotent).",
  toolset: "tasks",
  input: z.object({ task: z.string().min(1), text: z.string().min(1).max(65_000) }),
  output: z.object({ task: z.string(), comment: storySchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { task: input.task, comment: toStory(await api.addComment(input.task, input.text, signal)) };
  },
});
