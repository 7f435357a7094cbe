import { z } from "zod";
import { defineSlackTool } from "./define.js";

export const slackAddReaction = defineSlackTool({
  name: "slack_add_reaction",
  title: "React to a Slack message",
  description:
    "Adds an emoji reaction from the bot to a message, e.g. to acknowledge it. name is the emoji name without colons " +
    "(thumbsup, white_check_mark, eyes). Reacting again with the same emoji changes nothing.",
  toolset: "messages",
  input: z.object({
    channel: z.string().min(1),
    ts: z.string().regex(/^\d+\.\d+$/).describe("ts of the message to react to"),
    name: z
      .string()
      .min(1)
      .max(100)
      .transform((name) => name.replace(/^:|:$/g, ""))
      .describe("emoji name without colons"),
  }),
  output: z.object({ channel: z.string(), ts: z.string(), name: z.string(), alreadyReacted: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const { alreadyReacted } = await api.chat.addReaction(input);
    return { ...input, alreadyReacted };
  },
});
