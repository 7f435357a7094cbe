/**
 * Slack's channel-history sync (conversations.list, then conversations.history per member channel
 * walked newest to oldest, users.info for author names) against test/fakes/slack.ts, which checks
 * the bot token, GET with query arguments for read methods, and pages with Slack's cursors.
 *
 * Assumes a Marketplace-approved or internal customer-built app: conversations.history is then a
 * Tier 3 method (50+ a minute; the sync asks for 200 messages a call), which is what the configured
 * 50/min stands for. A commercially distributed app outside the Marketplace (new installs since
 * 29 May 2025) gets 1 call a minute with at most 15 messages: the sync then stores one page, meets
 * Slack's 429, keeps its checkpoint and ends the run by design (the next scheduled run continues),
 * so a share of the allowed rate measures nothing there.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/slack/index.js";
import { FIRST_RUN_LOOKBACK_DAYS, HISTORY_PAGE_SIZE } from "../../services/platforms/slack/sync.js";
import { type FakeSlackMessage, type FakeSlackUser, SlackFake } from "../../test/fakes/slack.js";
import { type SyncBenchCase, realPlatformClient, forwardTo, splitEvenly } from "./sync-case.js";

const BOT_TOKEN = "xoxb-bench-bot-token";
const CHANNELS = [
  { id: "C01BENCH01", name: "deals", isMember: true },
  { id: "C01BENCH02", name: "support", isMember: true },
  { id: "C01BENCH03", name: "random", isMember: false },
];
const USERS: readonly FakeSlackUser[] = ["jane", "omar", "wei", "ana"].map((name, i) => ({ id: `U0BENCH00${i}`, name, realName: `${name[0]!.toUpperCase()}${name.slice(1)} Example`, email: `${name}@ourco.example` }));
const MEMBER_CHANNELS = CHANNELS.filter((c) => c.isMember);
/** one conversations.list page, then users.info once per author (the API caches names) */
const LOOKUP_REQUESTS = 1 + USERS.length;

/**
 * `pages` full history pages of messages in a channel, one a second, all inside the first run's
 * look-back: the walk's last call finds exactly one page left, answered without has_more.
 */
function channelMessages(pages: number, nowSeconds: number): FakeSlackMessage[] {
  const count = pages * HISTORY_PAGE_SIZE;
  const first = nowSeconds - (FIRST_RUN_LOOKBACK_DAYS - 1) * 86_400;
  return Array.from({ length: count }, (_, i) => ({
    ts: `${first + i}.000${String(100 + (i % 900)).padStart(3, "0")}`,
    user: USERS[i % USERS.length]!.id,
    text: `Update ${i}: the customer confirmed the rollout date and asked for the security questionnaire.`,
  }));
}

export function slackHistoryCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Slack channel history (Tier 3)",
    platform: "slack",
    apiCallsPerMinute,
    note:
      `Slack: assumes a Marketplace-approved or internal customer-built app, for which conversations.history is Tier 3 (the configured ${apiCallsPerMinute}/min), ${HISTORY_PAGE_SIZE} messages a call; ` +
      `${MEMBER_CHANNELS.length} member channels of ${CHANNELS.length}, plus conversations.list and users.info once per author. Commercially distributed non-Marketplace apps get 1 history call a minute with 15 messages: ` +
      "the sync then stops at Slack's first 429 by design and continues on the next run, so that tier is not measured.",
    async start(requests) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const historyRequests = Math.max(MEMBER_CHANNELS.length, requests - LOOKUP_REQUESTS);
      const pages = splitEvenly(historyRequests, MEMBER_CHANNELS.length);
      const messages = Object.fromEntries(MEMBER_CHANNELS.map((channel, i) => [channel.id, channelMessages(pages[i]!, nowSeconds)]));
      const fake = await SlackFake.start({ botToken: BOT_TOKEN, channels: CHANNELS, users: USERS, messages });
      const credentials = { SLACK_BOT_TOKEN: BOT_TOKEN };
      return {
        handler: forwardTo(fake.url),
        basePath: "/api",
        ...realPlatformClient(definition, credentials, settings),
        expectedRecords: historyRequests * HISTORY_PAGE_SIZE,
        expectedRequests: historyRequests + LOOKUP_REQUESTS,
        problems: () => fake.unexpected(),
        close: () => fake.close(),
      };
    },
  };
}
