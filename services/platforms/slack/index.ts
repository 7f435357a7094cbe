/**
 * Slack: Web API tools over the bot token (search over an optional user token), Events API
 * webhooks verified with the v0 signing secret, and a channel-history backfill sync.
 */
import type { AuthScheme, PlatformDefinition } from "../../runtime/contract.js";
import { bearerAuth } from "../../runtime/http/static-auth.js";
import { createSlackApi, type SlackApi } from "./api/index.js";
import { SLACK_API_BASE_URL } from "./api/client.js";
import { slackChannelHistorySync } from "./sync.js";
import { slackTools } from "./tools/index.js";
import { slackWebhook } from "./webhook.js";

function botTokenAuth(token: string | undefined): AuthScheme {
  if (token !== undefined) return bearerAuth(token);
  return { headers: async () => ({}), problem: () => "SLACK_BOT_TOKEN is not set" };
}

export const definition: PlatformDefinition<SlackApi> = {
  platform: "slack",
  baseUrl: SLACK_API_BASE_URL,
  auth: (credentials) => botTokenAuth(credentials.SLACK_BOT_TOKEN),
  createApi: (ctx) => createSlackApi(ctx),
  tools: slackTools,
  webhook: slackWebhook,
  syncs: [slackChannelHistorySync],
};

export type { SlackApi };
