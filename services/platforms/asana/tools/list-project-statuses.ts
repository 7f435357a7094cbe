import { z } from "zod";
import { statusUpdateSchema, toStatusUpdate } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listProjectStatuses = defineAsanaTool({
  name: "asana_list_project_statuses",
  title: "List the status updates of an Asana project",
  description:
    "List the status updates posted on an Asana project (or portfolio or goal), newest first: on " +
    "track / at risk / off track / on hold / complete, title, text and author.",
  toolset: "projects",
  input: z.object({ project: z.string().min(1).describe("project (or portfolio, goal) gid"), limit: z.number().int().min(1).max(100).default(10) }),
  output: z.object({ statuses: z.array(statusUpdateSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listStatusUpdates(input.project, input.limit, signal);
    return { statuses: page.items.map(toStatusUpdate) };
  },
});
