import { z } from "zod";
import { defineAsanaTool } from "./define.js";

export const deleteProjectStatus = defineAsanaTool({
  name: "asana_delete_project_status",
  title: "Delete an Asana status update",
  description:
    "Delete a status update from an Asana project (gid from asana_list_project_statuses). It is gone for " +
    "everyone and cannot be restored; followers were already notified when it was posted. Destructive.",
  toolset: "projects",
  input: z.object({ status: z.string().min(1).describe("status update gid") }),
  output: z.object({ deleted: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    await api.deleteStatusUpdate(input.status, signal);
    return { deleted: input.status };
  },
});
