import { z } from "zod";
import { defineSlackTool } from "./define.js";

export const slackPostMessage = defineSlackTool({
  name: "slack_post_message",
  title: "Post a Slack message",
  description:
    "Posts a message as the bot to a channel (the bot must be a member), or as a reply in a thread when threadTs is " +
    "given. Text uses Slack mrkdwn (*bold*, _italic_, <https://url|label>, <@U123> mentions). Each call posts a new " +
    "message, so do not repeat a call that succeeded. Returns the new message's ts.",
  toolset: "messages",
  input: z.object({
    channel: z.string().min(1).describe("channel id, e.g. C0123456789"),
    text: z.string().min(1).max(40_000),
    threadTs: z.string().regex(/^\d+\.\d+$/).optional().describe("reply in this thread (the parent message's ts)"),
    replyBroadcast: z.boolean().default(false).describe("with threadTs: also show the reply in the channel"),
  }),
  output: z.object({ channel: z.string(), ts: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api }) {
    return api.chat.postMessage({
      channel: input.channel,
      text: input.text,
      ...(input.threadTs !== undefined && { threadTs: input.threadTs, replyBroadcast: input.replyBroadcast }),
    });
  },
});
