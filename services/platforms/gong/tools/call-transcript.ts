import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { defineGongTool } from "./define.js";
import { callId } from "./inputs.js";

export const gongGetCallTranscript = defineGongTool({
  name: "gong_get_call_transcript",
  title: "Read a Gong call transcript",
  description:
    "Returns what was said on a call as speaker turns in order: speaker name and affiliation (Internal = our company), " +
    "topic, start time in seconds and text. Long transcripts are cut at maxChars (truncated: true); call again with a " +
    "larger maxChars or startAtSeconds to read further.",
  toolset: "calls",
  input: z.object({
    callId,
    maxChars: z.number().int().min(1_000).max(200_000).default(30_000),
    startAtSeconds: z.number().min(0).default(0).describe("skip turns that start before this point"),
  }),
  output: z.object({
    callId: z.string(),
    title: z.string().optional(),
    turns: z.array(
      z.object({
        speaker: z.string(),
        affiliation: z.string().optional(),
        topic: z.string().optional(),
        startSeconds: z.number(),
        text: z.string(),
      }),
    ),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const [transcripts, details] = await Promise.all([
      api.calls.transcripts({ filter: { callIds: [input.callId] } }),
      api.calls.extensive({ filter: { callIds: [input.callId] }, select: { parties: true } }),
    ]);
    const transcript = transcripts.callTranscripts.find((t) => t.callId === input.callId);
    if (transcript === undefined) {
      throw new UpstreamError("gong", 404, false, `Gong has no transcript for call ${input.callId} (not found, or not transcribed yet)`);
    }
    const call = details.calls.find((c) => c.metaData.id === input.callId);
    const speakers = new Map((call?.parties ?? []).filter((p) => p.speakerId).map((p) => [p.speakerId, p]));
    const turns: { speaker: string; affiliation?: string; topic?: string; startSeconds: number; text: string }[] = [];
    let budget = input.maxChars;
    let truncated = false;
    for (const monologue of transcript.transcript) {
      const first = monologue.sentences[0];
      if (first === undefined || first.start / 1000 < input.startAtSeconds) continue;
      const party = monologue.speakerId === undefined ? undefined : speakers.get(monologue.speakerId);
      let text = monologue.sentences.map((s) => s.text.trim()).join(" ");
      if (text.length > budget) {
        text = `${text.slice(0, budget)}…`;
        truncated = true;
      }
      turns.push({
        speaker: party?.name ?? (monologue.speakerId ? `speaker ${monologue.speakerId}` : "unknown speaker"),
        ...(party?.affiliation !== undefined && { affiliation: party.affiliation }),
        ...(monologue.topic !== undefined && { topic: monologue.topic }),
        startSeconds: Math.round(first.start / 1000),
        text,
      });
      budget -= text.length;
      if (truncated || budget <= 0) {
        truncated = true;
        break;
      }
    }
    return { callId: input.callId, ...(call?.metaData.title !== undefined && { title: call.metaData.title }), turns, truncated };
  },
});
