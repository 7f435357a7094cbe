import { z } from "zod";
import { defineSlackTool } from "./define.js";
import { messageOutput } from "../types/normalized.js";
import { isoInstant, isoToSlackTs } from "./time.js";

export const slackGetChannelHistory = defineSlackTool({
  name: "slack_get_channel_history",
  title: "Read a Slack channel's messages",
  description:
    "Returns recent messages of one channel, newest first, optionally limited to a time window. Each message has its ts " +
    "(its id: pass it to slack_get_thread_replies when replyCount > 0, or to update/react tools), author user id, text " +
    "and reactions. The bot must be a member of the channel. Slack limits apps not listed in the Marketplace to 15 " +
    "messages per call and one call per minute for this method, so prefer narrow time windows.",
  toolset: "messages",
  input: z.object({
    channel: z.string().min(1).describe("channel id, e.g. C0123456789 (see slack_list_channels)"),
    since: isoInstant.optional().describe("only messages after this instant (ISO 8601)"),
    until: isoInstant.optional().describe("only messages before this instant (ISO 8601)"),
    limit: z.number().int().min(1).max(200).default(30),
    cursor: z.string().optional().describe("nextCursor from a previous call"),
  }),
  output: z.object({
    channel: z.string(),
    messages: z.array(messageOutput),
    hasMore: z.boolean(),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.conversations.history({
      channel: input.channel,
      limit: input.limit,
      ...(input.cursor !== undefined && { cursor: input.cursor }),
      ...(input.since !== undefined && { oldest: isoToSlackTs(input.since) }),
      ...(input.until !== undefined && { latest: isoToSlackTs(input.until) }),
    });
    return { channel: input.channel, ...page };
  },
});
