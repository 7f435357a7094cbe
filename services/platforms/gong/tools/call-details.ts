import { z } from "zod";
import { defineGongTool } from "./define.js";
import { callDetailsOutput, toCallDetails } from "../types/normalized.js";
import { callId } from "./inputs.js";

export const gongGetCallDetails = defineGongTool({
  name: "gong_get_call_details",
  title: "Get Gong call details",
  description:
    "Returns the extensive data of up to 10 calls: participants (name, email, title, Internal/External), Gong's AI " +
    "brief and key points, outcome, highlights, topics with minutes spent, tracker hits and linked CRM records. Use it " +
    "to understand what a call was about without reading the transcript.",
  toolset: "calls",
  input: z.object({ callIds: z.array(callId).min(1).max(10) }),
  output: z.object({ calls: z.array(callDetailsOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.calls.extensive({
      filter: { callIds: input.callIds },
      select: {
        parties: true,
        brief: true,
        keyPoints: true,
        highlights: true,
        callOutcome: true,
        topics: true,
        trackers: true,
        crmContext: true,
      },
    });
    return { calls: page.calls.map(toCallDetails) };
  },
});
