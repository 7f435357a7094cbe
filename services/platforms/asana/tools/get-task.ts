import { z } from "zod";
import { storySchema, taskSchema, toStory, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const getTask = defineAsanaTool({
  name: "asana_get_task",
  title: "Get an Asana task with its subtasks and comments",
  description:
    "Fetch one Asana task by gid: name, notes, assignee, dates, completion, projects and sections, tags, " +
    "parent and link; with its subtasks (up to `subtasks`) and its latest comments and activity (up to " +
    "`stories`; `commentsOnly` leaves out system activity such as 'assigned to'). Three requests at most.",
  toolset: "tasks",
  input: z.object({
    task: z.string().min(1).describe("task gid"),
    subtasks: z.number().int().min(0).max(100).default(50),
    stories: z.number().int().min(0).max(100).default(30),
    commentsOnly: z.boolean().default(false),
  }),
  output: z.object({ task: taskSchema, subtasks: z.array(taskSchema), stories: z.array(storySchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const [task, subtasks, stories] = await Promise.all([
      api.getTask(input.task, signal),
      input.subtasks > 0 ? api.listSubtasks(input.task, input.subtasks, signal) : Promise.resolve(undefined),
      input.stories > 0 ? api.listStories(input.task, { limit: input.stories }, signal) : Promise.resolve(undefined),
    ]);
    const shown = (stories?.items ?? []).map(toStory).filter((story) => !input.commentsOnly || story.isComment);
    return { task: toTask(task), subtasks: (subtasks?.items ?? []).map(toTask), stories: shown };
  },
});
