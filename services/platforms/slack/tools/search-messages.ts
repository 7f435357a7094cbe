import { z } from "zod";
import { defineSlackTool } from "./define.js";

export const slackSearchMessages = defineSlackTool({
  name: "slack_search_messages",
  title: "Search Slack messages",
  description:
    "Full-text search over the workspace's messages with Slack's search syntax (e.g. `budget in:#finance from:@jane " +
    "after:2024-01-01`). Returns matching messages with channel, author, time and a permalink. Requires " +
    "SLACK_USER_TOKEN (a user token with search:read): when it is not configured the tool returns an error saying " +
    "so; then read channels with slack_get_channel_history instead.",
  toolset: "search",
  input: z.object({
    query: z.string().min(1).max(500),
    count: z.number().int().min(1).max(100).default(20),
    page: z.number().int().min(1).max(100).default(1),
    sort: z.enum(["score", "timestamp"]).default("score").describe("relevance, or newest first"),
  }),
  output: z.object({
    total: z.number(),
    page: z.number(),
    pages: z.number(),
    matches: z.array(
      z.object({
        channelId: z.string().optional(),
        channelName: z.string().optional(),
        ts: z.string(),
        time: z.string(),
        user: z.string().optional(),
        username: z.string().optional(),
        text: z.string(),
        permalink: z.string().optional(),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    return api.search.messages({ query: input.query, count: input.count, page: input.page, sort: input.sort });
  },
});
