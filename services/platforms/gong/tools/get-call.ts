import { z } from "zod";
import { defineGongTool } from "./define.js";
import { callOutput, toCall } from "../types/normalized.js";
import { callId } from "./inputs.js";

export const gongGetCall = defineGongTool({
  name: "gong_get_call",
  title: "Get a Gong call",
  description:
    "Returns one call's basic data: title, link, start time, duration, direction, scope and host. For participants, " +
    "the AI summary, topics and trackers use gong_get_call_details; for what was said, gong_get_call_transcript.",
  toolset: "calls",
  input: z.object({ callId }),
  output: z.object({ call: callOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    return { call: toCall(await api.calls.get(input.callId)) };
  },
});
