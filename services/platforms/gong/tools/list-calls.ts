import { z } from "zod";
import { defineGongTool } from "./define.js";
import { callOutput, toCall } from "../types/normalized.js";
import { cursor, isoInstant } from "./inputs.js";

export const gongListCalls = defineGongTool({
  name: "gong_list_calls",
  title: "List Gong calls in a date range",
  description:
    "Lists recorded calls that started within a date range (to is exclusive), 100 per page, with title, start time, " +
    "duration, direction, scope (External = with customers) and host user id. Use gong_search_calls to filter by " +
    "host or participants, and gong_get_call_details for summaries and participants.",
  toolset: "calls",
  input: z.object({
    from: isoInstant.describe("ISO 8601 start, e.g. 2024-05-01T00:00:00Z"),
    to: isoInstant.optional().describe("ISO 8601 end (exclusive); default: now"),
    workspaceId: z.string().optional(),
    cursor,
  }),
  output: z.object({
    calls: z.array(callOutput),
    totalRecords: z.number().optional(),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.calls.list({
      fromDateTime: input.from,
      ...(input.to !== undefined && { toDateTime: input.to }),
      ...(input.workspaceId !== undefined && { workspaceId: input.workspaceId }),
      ...(input.cursor !== undefined && { cursor: input.cursor }),
    });
    return {
      calls: page.calls.map(toCall),
      ...(page.records?.totalRecords !== undefined && { totalRecords: page.records.totalRecords }),
      ...(page.records?.cursor !== undefined && { nextCursor: page.records.cursor }),
    };
  },
});
