import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { toTask } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";
import { refuseWhenReadOnly } from "./warehouse-writes.js";

export const executeTask = defineSnowflakeTool({
  name: "snowflake_execute_task",
  title: "Run a Snowflake task now",
  description:
    "Run a Snowflake task once, now, outside its schedule (EXECUTE TASK): its SQL runs with the task owner's " +
    "privileges and can load, change or delete data; when it is the root of a task graph, the whole graph " +
    "runs. COSTS MONEY: it bills its warehouse's credits (or serverless task credits) while it runs, and " +
    "running it twice does the work twice. Follow it with snowflake_get_task_history. Needs a role with " +
    "OPERATE on the task (EXECUTE TASK on the account for others' tasks); unavailable when the integration " +
    "is read-only.",
  toolset: "pipelines",
  input: z.object({
    database: z.string().min(1).max(255),
    schema: z.string().min(1).max(255),
    task: z.string().min(1).max(255),
  }),
  output: z.object({ task: z.string(), started: z.literal(true), warehouse: z.string().optional(), definition: z.string().optional() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ database, schema, task }, ctx) {
    refuseWhenReadOnly(ctx, "snowflake_execute_task");
    const found = (await ctx.api.listTasks(ctx.signal)).map(toTask).find((t) => t.database === database && t.schema === schema && t.name === task);
    if (found === undefined) throw new UpstreamError("snowflake", 404, false, `No task ${database}.${schema}.${task} (names are case-sensitive as stored), or the role cannot see it`);
    await ctx.api.executeTask(database, schema, task, ctx.signal);
    ctx.log.info({ task: `${database}.${schema}.${task}` }, "task executed");
    return { task: `${database}.${schema}.${task}`, started: true as const, warehouse: found.warehouse, definition: found.definition };
  },
});
