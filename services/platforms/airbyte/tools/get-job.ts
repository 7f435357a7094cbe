import { z } from "zod";
import { jobOutSchema, toJob } from "../types/normalized.js";
import { defineAirbyteTool, jobIdInput } from "./define.js";

export const getJob = defineAirbyteTool({
  name: "airbyte_get_job",
  title: "Get an Airbyte job's status",
  description:
    "Fetch one Airbyte job (a sync or reset) by id: status (pending, running, incomplete = an attempt failed and " +
    "Airbyte retries, succeeded, failed, cancelled), `finished`, start time, duration, rows and bytes synced. " +
    "Use it to follow a job started with airbyte_trigger_sync until `finished` is true.",
  toolset: "jobs",
  input: z.object({ jobId: jobIdInput }),
  output: z.object({ job: jobOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { job: toJob(await api.getJob(input.jobId, signal)) };
  },
});
