import { z } from "zod";
import { jobOutSchema, toJob } from "../types/normalized.js";
import { defineAirbyteTool, jobIdInput } from "./define.js";

export const cancelJob = defineAirbyteTool({
  name: "airbyte_cancel_job",
  title: "Cancel an Airbyte job",
  description:
    "DESTRUCTIVE: cancel a running Airbyte sync or reset job. The data it had not committed yet is not written " +
    "(what it committed stays), and the connection waits for its next scheduled or manual sync. Returns the job " +
    "as Airbyte answered (cancelled, or cancelling shortly). Only cancel a job a person asked to stop.",
  toolset: "jobs",
  input: z.object({ jobId: jobIdInput }),
  output: z.object({ job: jobOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { job: toJob(await api.cancelJob(input.jobId, signal)) };
  },
});
