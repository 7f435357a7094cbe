import { z } from "zod";
import { jobOutSchema, toJob } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const resetConnection = defineAirbyteTool({
  name: "airbyte_reset_connection",
  title: "Reset an Airbyte connection",
  description:
    "DESTRUCTIVE: start a reset job of one Airbyte connection, which deletes the data this connection wrote to the " +
    "destination and clears its sync state, so the next sync reads everything from the source again (which takes " +
    "time and credits). Returns the job at once; follow it with airbyte_get_job. Only use it when a person asked " +
    "for a reset. Each call starts another job (not idempotent).",
  toolset: "jobs",
  input: z.object({ connectionId: idInput("connection") }),
  output: z.object({ job: jobOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { job: toJob(await api.createJob(input.connectionId, "reset", signal)) };
  },
});
