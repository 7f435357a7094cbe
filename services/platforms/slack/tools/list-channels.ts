import { z } from "zod";
import { defineSlackTool } from "./define.js";
import { channelOutput } from "../types/normalized.js";

export const slackListChannels = defineSlackTool({
  name: "slack_list_channels",
  title: "List Slack channels",
  description:
    "Lists channels in the Slack workspace with their ids, topic, purpose, member count and whether the bot is a member " +
    "(the bot can only read history of channels it is in). Use it to find a channel id before reading or posting. " +
    "Results are paginated: pass nextCursor back as cursor to get more.",
  toolset: "channels",
  input: z.object({
    types: z
      .array(z.enum(["public_channel", "private_channel", "mpim", "im"]))
      .min(1)
      .default(["public_channel"])
      .describe("kinds of conversations to list; private ones appear only if the bot was invited"),
    includeArchived: z.boolean().default(false),
    limit: z.number().int().min(1).max(200).default(100),
    cursor: z.string().optional().describe("nextCursor from a previous call"),
  }),
  output: z.object({
    channels: z.array(channelOutput),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    return api.conversations.list({
      types: input.types,
      excludeArchived: !input.includeArchived,
      limit: input.limit,
      ...(input.cursor !== undefined && { cursor: input.cursor }),
    });
  },
});
