import { z } from "zod";
import { taskRunSchema, toTaskRun } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

const HOUR_MS = 3_600_000;

export const getTaskHistory = defineSnowflakeTool({
  name: "snowflake_get_task_history",
  title: "Snowflake task run history",
  description:
    "Runs of Snowflake tasks, newest first (SNOWFLAKE.ACCOUNT_USAGE.TASK_HISTORY, trailing real time by up to " +
    "about 45 minutes): state (SUCCEEDED, FAILED, SKIPPED, CANCELLED ...), scheduled, start and completion " +
    "time, duration, query id and error. Filter by database, schema, task name or state (FAILED to find " +
    "broken pipelines). Needs a running warehouse: a few seconds of warehouse time.",
  toolset: "pipelines",
  input: z.object({
    hours: z.number().int().min(1).max(24 * 30).default(24),
    database: z.string().min(1).max(255).optional(),
    schema: z.string().min(1).max(255).optional(),
    task: z.string().min(1).max(255).optional().describe("task name (without database and schema)"),
    state: z.enum(["SUCCEEDED", "FAILED", "FAILED_AND_AUTO_SUSPENDED", "CANCELLED", "SKIPPED"]).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  output: z.object({ runs: z.array(taskRunSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ hours, database, schema, task, state, limit }, { api, clock, signal }) {
    const rows = await api.taskHistory(
      {
        sinceMs: clock.now().getTime() - hours * HOUR_MS,
        ...(database === undefined ? {} : { database }),
        ...(schema === undefined ? {} : { schema }),
        ...(task === undefined ? {} : { name: task }),
        ...(state === undefined ? {} : { state }),
        limit,
      },
      signal,
    );
    return { runs: rows.map(toTaskRun) };
  },
});
