/**
 * The channel-history sync under the sync engine (runSync): interrupted mid-walk, it resumes from
 * its checkpoint without starting over; later runs fetch only what is new; a long Retry-After ends
 * the run politely with the checkpoint kept. The fake caps pages at 2 messages, like Slack's cap of
 * 15 for apps outside the Marketplace, so every channel takes several pages.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryRecord, MemorySink } from "../../../services/runtime/contract.js";
import type { SlackApi } from "../../../services/platforms/slack/api/index.js";
import { definition } from "../../../services/platforms/slack/index.js";
import { parseCheckpoint } from "../../../services/platforms/slack/sync.js";
import { SlackFake, type FakeSlackMessage } from "../../fakes/slack.js";
import { BOT_TOKEN, slackSettings, workspace } from "./fixtures.js";
import { keyedMemorySink, openSyncBench, platformHarness, type PlatformHarness, type SyncBench } from "../../support/platform-harness.js";

const sync = definition.syncs![0]!;
const NOW = new Date("2024-04-02T12:00:00Z"); // 1712059200

function messages(prefix: string, count: number, startTs: number): FakeSlackMessage[] {
  return Array.from({ length: count }, (_, i) => ({ ts: `${startTs + i * 60}.000100`, user: "U0JANE", text: `${prefix} note ${i + 1}` }));
}

let fake: SlackFake;
let slack: PlatformHarness<SlackApi>;
let bench: SyncBench;
const stored = new Map<string, MemoryRecord>();
const sink = (failOnceOnKey?: string) => keyedMemorySink(stored, failOnceOnKey);

function run(memory: MemorySink) {
  return bench.run(sync, { ...slack.ctx, memory });
}

const historyQueries = () => fake.calls("conversations.history").map((r) => new URL(r.url, "http://x").searchParams);

beforeEach(async () => {
  stored.clear();
  fake = await SlackFake.start({
    ...workspace,
    historyPageCap: 2,
    messages: {
      // 5 messages in general (within the first-run lookback), 3 in random, one of them a join notice
      C0GENERAL: messages("general", 5, 1_712_050_000),
      C0RANDOM: [...messages("random", 2, 1_712_040_000), { ts: "1712040500.000100", user: "U0BOB", text: "", subtype: "channel_join" }],
      // older than the 7-day first-run lookback: never fetched
      C0OLD: messages("archived", 1, 1_700_000_000),
    },
  });
  slack = platformHarness(definition, { baseUrl: fake.apiUrl, credentials: { SLACK_BOT_TOKEN: BOT_TOKEN }, settings: slackSettings, now: NOW });
  bench = openSyncBench("slack");
});

afterEach(async () => {
  bench.close();
  expect(fake.unexpected()).toEqual([]);
  await fake.close();
});

describe("slack channel_history sync", () => {
  it("resumes an interrupted walk from its checkpoint instead of starting over", async () => {
    // general pages (newest first, 2 a page): [5,4] [3,2] [1]; the store fails on the second page
    const first = await run(sink(`slack:message:C0GENERAL:${1_712_050_000 + 2 * 60}.000100`));
    expect(first.outcome).toBe("failed");
    expect(first.pages).toBe(1);
    const interrupted = parseCheckpoint(first.checkpoint);
    expect(interrupted.channels.C0GENERAL).toEqual({
      done: (NOW.getTime() / 1000 - 7 * 86_400).toFixed(6),
      walkTop: "1712050240.000100",
      walkBelow: "1712050180.000100",
    });

    const before = fake.calls("conversations.history").length;
    const second = await run(sink());
    expect(second.outcome).toBe("success");
    // the resumed run asks for messages below the last stored one, not from the top again
    expect(historyQueries()[before]?.get("latest")).toBe("1712050180.000100");
    expect([...stored.keys()].sort()).toEqual(
      [
        ...[0, 1, 2, 3, 4].map((i) => `slack:message:C0GENERAL:${1_712_050_000 + i * 60}.000100`),
        ...[0, 1].map((i) => `slack:message:C0RANDOM:${1_712_040_000 + i * 60}.000100`),
      ].sort(),
    );
    const finished = parseCheckpoint(second.checkpoint);
    expect(finished.channels).toEqual({ C0GENERAL: { done: "1712050240.000100" }, C0RANDOM: { done: "1712040500.000100" } });
    expect(stored.get("slack:message:C0GENERAL:1712050000.000100")?.content).toBe("jane wrote in #general on 2024-04-02 09:26 UTC:\ngeneral note 1");
  });

  it("fetches only newer messages on the next run", async () => {
    expect((await run(sink())).outcome).toBe("success");
    const before = fake.calls("conversations.history").length;
    stored.clear();
    fake.messages.get("C0GENERAL")?.push({ ts: "1712055000.000100", user: "U0BOB", text: "new since last run" });

    const next = await run(sink());
    expect(next.outcome).toBe("success");
    expect([...stored.keys()]).toEqual(["slack:message:C0GENERAL:1712055000.000100"]);
    const queries = historyQueries().slice(before);
    expect(queries.map((q) => [q.get("channel"), q.get("oldest")])).toEqual([
      ["C0GENERAL", "1712050240.000100"],
      ["C0RANDOM", "1712040500.000100"],
    ]);
  });

  it("ends the run politely on a long Retry-After, keeping its checkpoint, and the next run continues", async () => {
    const first = await run(sink());
    expect(first.outcome).toBe("success");
    stored.clear();
    fake.messages.get("C0GENERAL")?.push(...messages("burst", 4, 1_712_056_000));
    // Slack's answer to a second conversations.history call within the minute for non-Marketplace apps
    fake.fail("conversations.history", { kind: "status", status: 429, headers: { "retry-after": "60" }, body: '{"ok":false,"error":"ratelimited"}' });
    const before = fake.calls("conversations.history").length;

    const limited = await run(sink());
    expect(limited.outcome).toBe("success");
    expect(limited.checkpoint).toBe(first.checkpoint);
    expect(fake.calls("conversations.history").slice(before).map((r) => r.answer)).toEqual([429]);
    expect(stored.size).toBe(0);

    // the runtime's client now holds every Slack request back for those 60 s; the next scheduled
    // run comes hours later, which a fresh client stands in for here
    slack = platformHarness(definition, { baseUrl: fake.apiUrl, credentials: { SLACK_BOT_TOKEN: BOT_TOKEN }, settings: slackSettings, now: NOW });
    const next = await run(sink());
    expect(next.outcome).toBe("success");
    expect([...stored.keys()].sort()).toEqual([0, 1, 2, 3].map((i) => `slack:message:C0GENERAL:${1_712_056_000 + i * 60}.000100`));
  });
});
