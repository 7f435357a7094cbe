import { z } from "zod";
import { connectionOutSchema, jobOutSchema, toConnection, toJob } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const getConnection = defineAirbyteTool({
  name: "airbyte_get_connection",
  title: "Get an Airbyte connection",
  description:
    "Fetch one Airbyte connection by id: name, status, schedule, source and destination ids, namespace settings, " +
    "the streams it syncs, and its most recent job (status, rows and bytes synced), so one call answers " +
    "\"is this connection healthy?\".",
  toolset: "connections",
  input: z.object({ connectionId: idInput("connection") }),
  output: z.object({ connection: connectionOutSchema, latestJob: jobOutSchema.optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const [connection, jobs] = await Promise.all([
      api.getConnection(input.connectionId, signal),
      api.listJobs({ connectionId: input.connectionId, orderBy: "createdAt|DESC", limit: 1 }, signal),
    ]);
    const latest = jobs.data[0];
    return { connection: toConnection(connection), ...(latest ? { latestJob: toJob(latest) } : {}) };
  },
});
