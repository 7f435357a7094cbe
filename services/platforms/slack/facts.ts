/** Slack's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "slack",
  title: "Slack",
  serverName: "slack_integration",
  variables: [
    req("SLACK_BOT_TOKEN", "bot token (xoxb-)"),
    hook("SLACK_SIGNING_SECRET", "app signing secret: verifies Events API requests"),
    opt("SLACK_APP_TOKEN", "app-level token (xapp-); only for Socket Mode, unused over HTTP events"),
    opt("SLACK_USER_TOKEN", "user token (xoxp-) with search:read, needed by search.messages", true),
    opt("SLACK_WEBHOOK_URL", "public Events API request URL as registered in the Slack app (default: the fleet's public webhook URL)"),
  ],
  syncObjects: ["channel_history"],
  webhook: {
    proof: "hmac-signature",
    dedupeKey: "event_id (retries carry the same one)",
    subscriptions: ["message.channels", "message.groups", "message.im", "message.mpim", "app_mention", "reaction_added"],
  },
});
