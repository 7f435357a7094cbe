import { z } from "zod";
import { sectionSchema, toSection } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listSections = defineAsanaTool({
  name: "asana_list_sections",
  title: "List the sections of an Asana project",
  description:
    "List the sections (board columns or list headings) of an Asana project, in project order, with " +
    "their gids: for asana_list_tasks by section and asana_move_task_to_section.",
  toolset: "projects",
  input: z.object({ project: z.string().min(1).describe("project gid") }),
  output: z.object({ sections: z.array(sectionSchema), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listSections(input.project, signal);
    return { sections: page.items.map(toSection), truncated: page.next !== undefined };
  },
});
