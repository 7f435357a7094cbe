import { z } from "zod";
import { JOB_STATUSES, JOB_TYPES } from "../types/raw.js";
import { jobOutSchema, toJob } from "../types/normalized.js";
import { defineAirbyteTool, idInput, nextPageOf, pageInput, workspaceInput } from "./define.js";

export const listJobs = defineAirbyteTool({
  name: "airbyte_list_jobs",
  title: "List Airbyte jobs",
  description:
    "List Airbyte sync and reset jobs, newest first: of one connection or workspace (default: the configured " +
    "workspace), optionally only one status (e.g. `failed`) or type, or created since a time. Each job has its " +
    "status, start time, duration, rows and bytes synced. Answers \"did last night's syncs succeed?\".",
  toolset: "jobs",
  input: z.object({
    connectionId: idInput("connection").optional(),
    workspaceId: workspaceInput,
    status: z.enum(JOB_STATUSES).optional(),
    jobType: z.enum(JOB_TYPES).optional(),
    createdSince: z.iso.datetime({ offset: true }).optional().describe("ISO 8601 instant: only jobs created at or after it"),
    ...pageInput,
  }),
  output: z.object({ jobs: z.array(jobOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspaceId = input.connectionId ? input.workspaceId : (input.workspaceId ?? api.workspaceId);
    const page = await api.listJobs(
      {
        ...(input.connectionId ? { connectionId: input.connectionId } : {}),
        ...(workspaceId ? { workspaceId } : {}),
        ...(input.status ? { status: input.status } : {}),
        ...(input.jobType ? { jobType: input.jobType } : {}),
        ...(input.createdSince ? { createdAtStart: new Date(input.createdSince).toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
        orderBy: "createdAt|DESC",
        limit: input.limit,
        offset: input.offset,
      },
      signal,
    );
    return { jobs: page.data.map(toJob), ...nextPageOf(page, input.offset) };
  },
});
