import { z } from "zod";
import { statusUpdateSchema, toStatusUpdate } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const createProjectStatus = defineAsanaTool({
  name: "asana_create_project_status",
  title: "Post a status update on an Asana project",
  description:
    "Post a status update (on track, at risk, off track, on hold, complete) with a title and text on an " +
    "Asana project. It is sent to every follower of the project, and cannot be edited afterwards. Each " +
    "call posts a new update (not idempotent).",
  toolset: "projects",
  input: z.object({
    project: z.string().min(1).describe("project (or portfolio) gid"),
    statusType: z.enum(["on_track", "at_risk", "off_track", "on_hold", "complete"]),
    title: z.string().min(1).max(1024).optional(),
    text: z.string().min(1).max(65_000),
  }),
  output: z.object({ status: statusUpdateSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const status = await api.createStatusUpdate(
      { parent: input.project, status_type: input.statusType, text: input.text, ...(input.title ? { title: input.title } : {}) },
      signal,
    );
    return { status: toStatusUpdate(status) };
  },
});
