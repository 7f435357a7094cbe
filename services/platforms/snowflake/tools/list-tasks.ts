import { z } from "zod";
import { taskSchema, toTask } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const listTasks = defineSnowflakeTool({
  name: "snowflake_list_tasks",
  title: "List Snowflake tasks",
  description:
    "List the account's tasks (SHOW TASKS IN ACCOUNT): database, schema, name, state (started = scheduled, " +
    "suspended), schedule, warehouse (none: serverless), predecessors in its task graph, condition, owner " +
    "and its SQL (clipped). Optionally only one database or state. Use snowflake_get_task_history for runs. " +
    "Runs in the cloud services layer; no warehouse credits.",
  toolset: "pipelines",
  input: z.object({
    database: z.string().min(1).max(255).optional(),
    state: z.enum(["started", "suspended"]).optional(),
  }),
  output: z.object({ tasks: z.array(taskSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ database, state }, { api, signal }) {
    const tasks = (await api.listTasks(signal)).map(toTask);
    return { tasks: tasks.filter((t) => (database === undefined || t.database === database) && (state === undefined || t.state === state)) };
  },
});
