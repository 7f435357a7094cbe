import { z } from "zod";
import { defineSlackTool } from "./define.js";
import { messageOutput } from "../types/normalized.js";

export const slackGetThreadReplies = defineSlackTool({
  name: "slack_get_thread_replies",
  title: "Read a Slack thread",
  description:
    "Returns the messages of one thread, oldest first: the parent message followed by its replies. Use it when a " +
    "message from slack_get_channel_history has replyCount > 0 (threadTs is that message's ts).",
  toolset: "messages",
  input: z.object({
    channel: z.string().min(1).describe("channel id the thread is in"),
    threadTs: z.string().regex(/^\d+\.\d+$/, "a Slack ts such as 1712345678.123456").describe("ts of the thread's parent message"),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().optional().describe("nextCursor from a previous call"),
  }),
  output: z.object({
    channel: z.string(),
    threadTs: z.string(),
    messages: z.array(messageOutput),
    hasMore: z.boolean(),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.conversations.replies({
      channel: input.channel,
      ts: input.threadTs,
      limit: input.limit,
      ...(input.cursor !== undefined && { cursor: input.cursor }),
    });
    return { channel: input.channel, threadTs: input.threadTs, ...page };
  },
});
