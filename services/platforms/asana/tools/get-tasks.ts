import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const getTasks = defineAsanaTool({
  name: "asana_get_tasks",
  title: "Get several Asana tasks",
  description:
    "Fetch up to 20 Asana tasks by gid in one call (one request each), with their notes. Tasks that do " +
    "not exist or are not visible to the token are listed in `missing` instead of failing the call.",
  toolset: "tasks",
  input: z.object({ tasks: z.array(z.string().min(1)).min(1).max(20) }),
  output: z.object({ tasks: z.array(taskSchema), missing: z.array(z.string()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const gids = [...new Set(input.tasks)];
    const results = await Promise.all(
      gids.map(async (gid) => {
        try {
          return await api.getTask(gid, signal);
        } catch (error) {
          if (error instanceof UpstreamError && (error.status === 404 || error.status === 403)) return undefined;
          throw error;
        }
      }),
    );
    return {
      tasks: results.flatMap((task) => (task ? [toTask(task)] : [])),
      missing: gids.filter((_gid, i) => results[i] === undefined),
    };
  },
});
