import { z } from "zod";
import { qualifiedName } from "../api/sql.js";
import { pipeStatusSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const getPipeStatus = defineSnowflakeTool({
  name: "snowflake_get_pipe_status",
  title: "Status of a Snowpipe pipe",
  description:
    "The current state of one Snowpipe pipe (SYSTEM$PIPE_STATUS): execution state (RUNNING, PAUSED, " +
    "STOPPED_...), files waiting to load, the last file loaded and when, the last notification received, " +
    "and its error if any. Names are case-sensitive as stored. Needs a running warehouse: a second of " +
    "warehouse time.",
  toolset: "pipelines",
  input: z.object({
    database: z.string().min(1).max(255),
    schema: z.string().min(1).max(255),
    pipe: z.string().min(1).max(255),
  }),
  output: pipeStatusSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ database, schema, pipe }, { api, signal }) {
    const status = await api.pipeStatus(qualifiedName(database, schema, pipe), signal);
    return {
      pipe: `${database}.${schema}.${pipe}`,
      executionState: status.executionState,
      pendingFileCount: status.pendingFileCount,
      lastIngestedAt: status.lastIngestedTimestamp,
      lastIngestedFile: status.lastIngestedFilePath,
      lastReceivedMessageAt: status.lastReceivedMessageTimestamp,
      error: status.error ?? status.fault,
    };
  },
});
