import { z } from "zod";
import { defineGongTool } from "./define.js";
import { callOutput, participantOutput, toCall, toParticipant } from "../types/normalized.js";
import { callId, cursor, isoInstant } from "./inputs.js";

export const gongSearchCalls = defineGongTool({
  name: "gong_search_calls",
  title: "Search Gong calls",
  description:
    "Finds calls by date range, host (Gong user ids, see gong_list_users) or call ids, and returns each with its " +
    "participants (names, emails, Internal/External). titleContains and participantEmail narrow the results of each " +
    "page further (Gong cannot filter on them), so a page can come back with few matches and a nextCursor: follow it " +
    "to keep searching.",
  toolset: "calls",
  input: z.object({
    from: isoInstant.optional().describe("ISO 8601 start"),
    to: isoInstant.optional().describe("ISO 8601 end (exclusive)"),
    hostUserIds: z.array(z.string().regex(/^\d{1,20}$/)).max(100).optional().describe("Gong user ids of the call hosts"),
    callIds: z.array(callId).max(100).optional(),
    workspaceId: z.string().optional(),
    titleContains: z.string().min(1).optional().describe("case-insensitive text the call title must contain"),
    participantEmail: z.string().min(3).optional().describe("email (or domain, e.g. @acme.com) a participant must have"),
    cursor,
  }),
  output: z.object({
    calls: z.array(callOutput.extend({ participants: z.array(participantOutput.pick({ name: true, email: true, affiliation: true, title: true })) })),
    scanned: z.number().describe("calls Gong returned on this page before titleContains/participantEmail"),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.calls.extensive({
      filter: {
        ...(input.from !== undefined && { fromDateTime: input.from }),
        ...(input.to !== undefined && { toDateTime: input.to }),
        ...(input.hostUserIds !== undefined && { primaryUserIds: input.hostUserIds }),
        ...(input.callIds !== undefined && { callIds: input.callIds }),
        ...(input.workspaceId !== undefined && { workspaceId: input.workspaceId }),
      },
      select: { parties: true },
      ...(input.cursor !== undefined && { cursor: input.cursor }),
    });
    const title = input.titleContains?.toLowerCase();
    const email = input.participantEmail?.toLowerCase();
    const calls = page.calls
      .map((raw) => ({
        ...toCall(raw.metaData),
        participants: (raw.parties ?? []).map(toParticipant).map(({ name, email: address, affiliation, title: jobTitle }) => ({
          ...(name !== undefined && { name }),
          ...(address !== undefined && { email: address }),
          ...(affiliation !== undefined && { affiliation }),
          ...(jobTitle !== undefined && { title: jobTitle }),
        })),
      }))
      .filter((call) => title === undefined || call.title.toLowerCase().includes(title))
      .filter((call) => email === undefined || call.participants.some((p) => p.email?.toLowerCase().includes(email)));
    return {
      calls,
      scanned: page.calls.length,
      ...(page.records?.cursor !== undefined && { nextCursor: page.records.cursor }),
    };
  },
});
