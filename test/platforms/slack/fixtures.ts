import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { SlackFakeOptions } from "../../fakes/slack.js";

export const BOT_TOKEN = "xoxb-test-bot-token";
export const USER_TOKEN = "xoxp-test-user-token";
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export const slackSettings: IntegrationSettings = {
  enabled: true,
  mcp_server_port: 9003,
  webhook_path: "/webhook/slack",
  sync_objects: ["channel_history"],
};

export const workspace: SlackFakeOptions = {
  botToken: BOT_TOKEN,
  userToken: USER_TOKEN,
  channels: [
    { id: "C0GENERAL", name: "general", isMember: true, topic: "Company-wide" },
    { id: "C0RANDOM", name: "random", isMember: true },
    { id: "C0SECRET", name: "secret", isMember: false, isPrivate: true },
    { id: "C0OLD", name: "old-project", isMember: true, isArchived: true },
    { id: "C0LURK", name: "lurkers", isMember: false },
  ],
  users: [
    { id: "U0JANE", name: "jane", realName: "Jane Doe", email: "jane@example.com", title: "VP Sales" },
    { id: "U0BOB", name: "bob", realName: "Bob Roe", email: "bob@example.com" },
  ],
  messages: {
    C0GENERAL: [
      { ts: "1712000100.000100", user: "U0JANE", text: "Q2 pricing review is on Thursday" },
      { ts: "1712000200.000100", user: "U0BOB", text: "Acme renewal signed :tada:", reactions: [{ name: "tada", users: ["U0JANE"], count: 1 }] },
      { ts: "1712000300.000100", user: "U0JANE", text: "Who owns the Acme onboarding?", thread_ts: "1712000300.000100" },
      { ts: "1712000310.000100", user: "U0BOB", text: "I do", thread_ts: "1712000300.000100" },
      { ts: "1712000320.000100", user: "U0JANE", text: "Thanks Bob", thread_ts: "1712000300.000100" },
      { ts: "1712000400.000100", user: "U0BOB", text: "", subtype: "channel_join" },
    ],
  },
};
