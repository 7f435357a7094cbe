import { z } from "zod";
import { defineAsanaTool } from "./define.js";

export const moveTaskToSection = defineAsanaTool({
  name: "asana_move_task_to_section",
  title: "Move an Asana task to a section",
  description:
    "Move an Asana task into a section (a board column or list heading) of a project it is in, at the " +
    "end of that section; the section gids come from asana_list_sections. Moving it where it is changes nothing.",
  toolset: "tasks",
  input: z.object({ task: z.string().min(1), section: z.string().min(1) }),
  output: z.object({ task: z.string(), section: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    await api.addToSection(input.section, input.task, signal);
    return { task: input.task, section: input.section };
  },
});
