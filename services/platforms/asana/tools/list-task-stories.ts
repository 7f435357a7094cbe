import { z } from "zod";
import { storySchema, toStory } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listTaskStories = defineAsanaTool({
  name: "asana_list_task_stories",
  title: "List the comments and activity of an Asana task",
  description:
    "List a task's stories, oldest first: comments and system activity (assigned, completed, moved). " +
    "`commentsOnly` keeps only comments. One page of up to `limit`; pass `offset` from a previous answer for the next.",
  toolset: "tasks",
  input: z.object({
    task: z.string().min(1),
    commentsOnly: z.boolean().default(false),
    limit: z.number().int().min(1).max(100).default(50),
    offset: z.string().min(1).optional(),
  }),
  output: z.object({ stories: z.array(storySchema), nextOffset: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listStories(input.task, { limit: input.limit, ...(input.offset ? { offset: input.offset } : {}) }, signal);
    return { stories: page.items.map(toStory).filter((s) => !input.commentsOnly || s.isComment), nextOffset: page.next ?? null };
  },
});
