import { z } from "zod";
import { jobOutSchema, toJob } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const triggerSync = defineAirbyteTool({
  name: "airbyte_trigger_sync",
  title: "Start an Airbyte sync",
  description:
    "Start a sync of one Airbyte connection now. Returns the new job at once (usually pending or running): a sync " +
    "can take minutes to hours, so follow it with airbyte_get_job. Each call starts another job (not idempotent); " +
    "a sync moves data into the destination and uses credits on Airbyte Cloud. Airbyte refuses (409) when the " +
    "connection already has a job running.",
  toolset: "jobs",
  input: z.object({ connectionId: idInput("connection") }),
  output: z.object({ job: jobOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { job: toJob(await api.createJob(input.connectionId, "sync", signal)) };
  },
});
