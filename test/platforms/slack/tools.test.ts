import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../services/runtime/contract.js";
import type { SlackApi } from "../../../services/platforms/slack/api/index.js";
import { definition } from "../../../services/platforms/slack/index.js";
import { slackAddReaction } from "../../../services/platforms/slack/tools/add-reaction.js";
import { slackGetChannelHistory } from "../../../services/platforms/slack/tools/channel-history.js";
import { slackGetUser } from "../../../services/platforms/slack/tools/get-user.js";
import { slackListChannels } from "../../../services/platforms/slack/tools/list-channels.js";
import { slackLookupUserByEmail } from "../../../services/platforms/slack/tools/lookup-user-by-email.js";
import { slackPostMessage } from "../../../services/platforms/slack/tools/post-message.js";
import { slackSearchMessages } from "../../../services/platforms/slack/tools/search-messages.js";
import { slackGetThreadReplies } from "../../../services/platforms/slack/tools/thread-replies.js";
import { slackUpdateMessage } from "../../../services/platforms/slack/tools/update-message.js";
import { SlackFake } from "../../fakes/slack.js";
import { BOT_TOKEN, USER_TOKEN, slackSettings, workspace } from "./fixtures.js";
import { type PlatformHarness, platformHarness, upstreamErrorOf } from "../../support/platform-harness.js";

let fake: SlackFake;
let slack: PlatformHarness<SlackApi>;

function start(credentials: Record<string, string> = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN }) {
  slack = platformHarness(definition, { baseUrl: fake.apiUrl, credentials, settings: slackSettings });
}

beforeEach(async () => {
  fake = await SlackFake.start(workspace);
  start();
});

afterEach(async () => {
  expect(fake.unexpected()).toEqual([]);
  await fake.close();
});

describe("slack_list_channels", () => {
  it("lists public, unarchived channels with the bot token over GET", async () => {
    const result = await slack.call(slackListChannels, {});
    expect(result.channels).toEqual([
      { id: "C0GENERAL", name: "general", isPrivate: false, isArchived: false, isMember: true, memberCount: 12, topic: "Company-wide" },
      { id: "C0RANDOM", name: "random", isPrivate: false, isArchived: false, isMember: true, memberCount: 12 },
      { id: "C0LURK", name: "lurkers", isPrivate: false, isArchived: false, isMember: false, memberCount: 12 },
    ]);
    const [request] = fake.calls("conversations.list");
    expect(request?.method).toBe("GET");
    expect(request?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(new URL(request?.url ?? "", "http://x").searchParams.get("exclude_archived")).toBe("true");
  });

  it("follows next_cursor page by page", async () => {
    const first = await slack.call(slackListChannels, { limit: 2, types: ["public_channel", "private_channel"], includeArchived: true });
    expect((first.channels as { id: string }[]).map((c) => c.id)).toEqual(["C0GENERAL", "C0RANDOM"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest: string[] = [];
    let cursor = first.nextCursor as string | undefined;
    while (cursor !== undefined) {
      const page = await slack.call(slackListChannels, { limit: 2, types: ["public_channel", "private_channel"], includeArchived: true, cursor });
      rest.push(...(page.channels as { id: string }[]).map((c) => c.id));
      cursor = page.nextCursor as string | undefined;
    }
    expect(rest).toEqual(["C0SECRET", "C0OLD", "C0LURK"]);
    expect(fake.calls("conversations.list")).toHaveLength(3);
  });

  it("waits out a 429 with Retry-After in the runtime client, then answers", async () => {
    fake.fail("conversations.list", { kind: "status", status: 429, headers: { "retry-after": "7" }, body: '{"ok":false,"error":"ratelimited"}' });
    const result = await slack.call(slackListChannels, {});
    expect(result.channels).toHaveLength(3);
    expect(fake.calls("conversations.list").map((r) => r.answer)).toEqual([429, 200]);
    expect(slack.waits, JSON.stringify(slack.waits)).toContainEqual(expect.any(Number));
    expect(Math.max(...slack.waits)).toBeGreaterThanOrEqual(6_900);
  });

  it("maps an ok:false answer to an UpstreamError with a safe message", async () => {
    start({ SLACK_BOT_TOKEN: "xoxb-revoked" });
    const error = await upstreamErrorOf(slack.call(slackListChannels, {}));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.safeMessage).toBe("Slack conversations.list failed: invalid_auth");
    expect(error.safeMessage).not.toContain("xoxb");
  });
});

describe("slack_get_channel_history", () => {
  it("returns top-level messages newest first, with the time window as oldest/latest", async () => {
    const result = await slack.call(slackGetChannelHistory, {
      channel: "C0GENERAL",
      since: "2024-04-01T19:36:00Z", // 1712000160
      until: "2024-04-01T19:40:00Z", // 1712000400
    });
    expect(result.messages).toEqual([
      { ts: "1712000300.000100", time: "2024-04-01T19:38:20.000Z", user: "U0JANE", text: "Who owns the Acme onboarding?", threadTs: "1712000300.000100" },
      {
        ts: "1712000200.000100",
        time: "2024-04-01T19:36:40.000Z",
        user: "U0BOB",
        text: "Acme renewal signed :tada:",
        reactions: [{ name: "tada", count: 1 }],
      },
    ]);
    expect(result.hasMore).toBe(false);
    const query = new URL(fake.calls("conversations.history")[0]?.url ?? "", "http://x").searchParams;
    expect(query.get("oldest")).toBe("1712000160.000000");
    expect(query.get("latest")).toBe("1712000400.000000");
  });

  it("retries a 500 on a read (GET is idempotent)", async () => {
    fake.fail("conversations.history", { kind: "status", status: 500 });
    const result = await slack.call(slackGetChannelHistory, { channel: "C0GENERAL", limit: 1 });
    expect(result.messages).toHaveLength(1);
    expect(result.hasMore).toBe(true);
    expect(result.nextCursor).toEqual(expect.any(String));
    expect(fake.calls("conversations.history").map((r) => r.answer)).toEqual([500, 200]);
  });

  it("tells the model to invite the bot when it is not a member", async () => {
    const error = await upstreamErrorOf(slack.call(slackGetChannelHistory, { channel: "C0LURK" }));
    expect(error.status).toBe(403);
    expect(error.safeMessage).toContain("not_in_channel");
    expect(error.safeMessage).toContain("invite the bot");
  });
});

describe("slack_get_thread_replies", () => {
  it("returns the parent and its replies, oldest first", async () => {
    const result = await slack.call(slackGetThreadReplies, { channel: "C0GENERAL", threadTs: "1712000300.000100" });
    expect((result.messages as { text: string }[]).map((m) => m.text)).toEqual(["Who owns the Acme onboarding?", "I do", "Thanks Bob"]);
    const query = new URL(fake.calls("conversations.replies")[0]?.url ?? "", "http://x").searchParams;
    expect(query.get("ts")).toBe("1712000300.000100");
  });

  it("rejects a thread ts that is not a Slack ts before calling Slack", async () => {
    await expect(slack.call(slackGetThreadReplies, { channel: "C0GENERAL", threadTs: "yesterday" })).rejects.toThrow(/Slack ts/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("slack_search_messages", () => {
  it("searches with the user token, not the bot token", async () => {
    const result = await slack.call(slackSearchMessages, { query: "acme", count: 1 });
    expect(result).toMatchObject({ total: 2, page: 1, pages: 2 });
    expect(result.matches).toEqual([
      expect.objectContaining({ channelId: "C0GENERAL", channelName: "general", ts: "1712000200.000100", username: "bob", permalink: expect.stringContaining("/archives/C0GENERAL/") }),
    ]);
    const [request] = fake.calls("search.messages");
    expect(request?.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(new URL(request?.url ?? "", "http://x").searchParams.get("query")).toBe("acme");
  });

  it("says clearly that SLACK_USER_TOKEN is needed when it is absent, without calling Slack", async () => {
    start({ SLACK_BOT_TOKEN: BOT_TOKEN });
    const error = await upstreamErrorOf(slack.call(slackSearchMessages, { query: "acme" }));
    expect(error.safeMessage).toContain("SLACK_USER_TOKEN");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("slack_post_message and slack_update_message", () => {
  it("posts as JSON over POST, in a thread when asked, and edits the bot's own message", async () => {
    const posted = await slack.call(slackPostMessage, { channel: "C0GENERAL", text: "Onboarding starts Monday", threadTs: "1712000300.000100" });
    expect(posted).toEqual({ channel: "C0GENERAL", ts: expect.stringMatching(/^\d+\.\d+$/) });
    const [request] = fake.calls("chat.postMessage");
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(request?.body ?? "{}")).toEqual({
      channel: "C0GENERAL",
      text: "Onboarding starts Monday",
      thread_ts: "1712000300.000100",
      reply_broadcast: false,
    });

    const updated = await slack.call(slackUpdateMessage, { channel: "C0GENERAL", ts: posted.ts, text: "Onboarding starts Tuesday" });
    expect(updated).toEqual(posted);
    expect(fake.messages.get("C0GENERAL")?.find((m) => m.ts === posted.ts)?.text).toBe("Onboarding starts Tuesday");
  });

  it("does not retry a failed post (a retry could post twice)", async () => {
    fake.fail("chat.postMessage", { kind: "status", status: 500 });
    const error = await upstreamErrorOf(slack.call(slackPostMessage, { channel: "C0GENERAL", text: "hello" }));
    expect(error.status).toBe(500);
    expect(fake.calls("chat.postMessage")).toHaveLength(1);
  });

  it("explains that only the bot's own messages can be edited", async () => {
    const error = await upstreamErrorOf(slack.call(slackUpdateMessage, { channel: "C0GENERAL", ts: "1712000100.000100", text: "x" }));
    expect(error.status).toBe(403);
    expect(error.safeMessage).toContain("cant_update_message");
  });
});

describe("slack_add_reaction", () => {
  it("reacts once and treats a second identical reaction as done", async () => {
    const first = await slack.call(slackAddReaction, { channel: "C0GENERAL", ts: "1712000100.000100", name: ":eyes:" });
    expect(first).toEqual({ channel: "C0GENERAL", ts: "1712000100.000100", name: "eyes", alreadyReacted: false });
    expect(JSON.parse(fake.calls("reactions.add")[0]?.body ?? "{}")).toEqual({ channel: "C0GENERAL", timestamp: "1712000100.000100", name: "eyes" });
    const second = await slack.call(slackAddReaction, { channel: "C0GENERAL", ts: "1712000100.000100", name: "eyes" });
    expect(second.alreadyReacted).toBe(true);
  });
});

describe("users", () => {
  it("looks a user up by email", async () => {
    const result = await slack.call(slackLookupUserByEmail, { email: "jane@example.com" });
    expect(result.user).toEqual({
      id: "U0JANE",
      handle: "jane",
      realName: "Jane Doe",
      displayName: "jane",
      email: "jane@example.com",
      title: "VP Sales",
      isBot: false,
      deleted: false,
      timezone: "Europe/Berlin",
    });
  });

  it("answers an unknown email with a not-found error", async () => {
    const error = await upstreamErrorOf(slack.call(slackLookupUserByEmail, { email: "nobody@example.com" }));
    expect(error.status).toBe(404);
    expect(error.safeMessage).toContain("no Slack user has that email address");
  });

  it("resolves a user id, caching repeated lookups", async () => {
    const first = await slack.call(slackGetUser, { user: "U0BOB" });
    await slack.call(slackGetUser, { user: "U0BOB" });
    expect((first.user as { realName: string }).realName).toBe("Bob Roe");
    expect(fake.calls("users.info")).toHaveLength(1);
  });
});
