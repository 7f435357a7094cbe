/**
 * Slack: Web API tools over the bot token (search over an optional user token), Events API
 * webhooks verified with the v0 signing secret, and a channel-history backfill sync.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { bearerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type SlackApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<SlackApi> = {
  facts,
  baseUrl: "https://slack.com/api",
  auth: (credentials) => bearerAuth(requiredCredential(credentials, "SLACK_BOT_TOKEN")),
  createApi,
  tools,
  webhook,
  syncs,
};
