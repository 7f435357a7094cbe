import { z } from "zod";
import { defineSlackTool } from "./define.js";

export const slackUpdateMessage = defineSlackTool({
  name: "slack_update_message",
  title: "Edit a Slack message",
  description:
    "Replaces the text of a message the bot posted earlier (Slack refuses edits of other people's messages). The old " +
    "text is lost. Use the channel and ts returned by slack_post_message.",
  toolset: "messages",
  input: z.object({
    channel: z.string().min(1),
    ts: z.string().regex(/^\d+\.\d+$/).describe("ts of the message to edit"),
    text: z.string().min(1).max(40_000).describe("the new full text"),
  }),
  output: z.object({ channel: z.string(), ts: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    return api.chat.update(input);
  },
});
