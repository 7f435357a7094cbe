/**
 * Batch sync of channel history (sync object "channel_history"): every channel the bot is a member
 * of, messages newer than the last run, stored as memory records.
 *
 * conversations.history returns newest messages first and cannot be asked for oldest first, so each
 * channel is walked downwards from the newest message to the previous run's high-water mark, with
 * `latest` set to the oldest ts already stored (no cursor to persist). The checkpoint after every
 * page records, per channel, the finished high-water mark (`done`), the newest ts of the walk in
 * progress (`walkTop`) and how far down it got (`walkBelow`), so an interrupted run resumes where
 * it stopped and a finished walk moves `done` up to `walkTop`.
 *
 * Rate limits: Slack allows apps outside the Marketplace one conversations.history call per minute
 * with at most 15 messages. The runtime's client waits out short Retry-After answers; a longer one
 * comes back as a 429 UpstreamError, and the sync then ends the run where it is (the checkpoint is
 * already saved) instead of hammering Slack: the next scheduled run continues. Thread replies are
 * not walked here (one more rate-limited call per thread); they arrive through the Events API.
 */
import { z } from "zod";
import { UpstreamError, type MemoryRecord, type SyncDefinition, type SyncPage, type ToolContext } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import type { SlackApi } from "./api/index.js";
import type { SlackChannel } from "./types/normalized.js";
import { isConversational, messageRecord, resolveNames } from "./memory.js";

/** how far back the first run reaches */
export const FIRST_RUN_LOOKBACK_DAYS = 7;
/** messages asked for per call; restricted apps get at most 15 whatever we ask */
export const HISTORY_PAGE_SIZE = 200;

const channelState = z.object({
  done: z.string(),
  walkTop: z.string().optional(),
  walkBelow: z.string().optional(),
});
type ChannelState = z.infer<typeof channelState>;

const checkpointSchema = z.object({ channels: z.record(z.string(), channelState) });
type Checkpoint = z.infer<typeof checkpointSchema>;

export function parseCheckpoint(text: string | undefined): Checkpoint {
  return readCheckpoint(text, checkpointSchema, "Slack") ?? { channels: {} };
}

const channelHistorySync: SyncDefinition<SlackApi> = {
  object: "channel_history",
  async *run(checkpointText, ctx) {
    const checkpoint = parseCheckpoint(checkpointText);
    const firstRunFrom = (ctx.clock.now().getTime() / 1000 - FIRST_RUN_LOOKBACK_DAYS * 86_400).toFixed(6);
    try {
      for (const channel of await memberChannels(ctx)) {
        const state = checkpoint.channels[channel.id] ?? { done: firstRunFrom };
        for await (const page of walkChannel(channel, state, ctx)) {
          checkpoint.channels[channel.id] = page.state;
          yield { records: page.records, checkpoint: JSON.stringify(checkpoint) } satisfies SyncPage;
        }
      }
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 429) {
        ctx.log.info(
          { retryAfterMs: error.retryAfterMs },
          "Slack rate limit reached during the history sync; the next run continues from the saved checkpoint",
        );
        return;
      }
      throw error;
    }
  },
};

async function memberChannels(ctx: ToolContext<SlackApi>): Promise<SlackChannel[]> {
  const channels: SlackChannel[] = [];
  let cursor: string | undefined;
  do {
    ctx.signal.throwIfAborted();
    const page = await ctx.api.conversations.list({
      types: ["public_channel", "private_channel"],
      excludeArchived: true,
      limit: 200,
      ...(cursor !== undefined && { cursor }),
    });
    channels.push(...page.channels.filter((c) => c.isMember && !c.isArchived));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return channels.sort((a, b) => a.id.localeCompare(b.id));
}

async function* walkChannel(
  channel: SlackChannel,
  start: ChannelState,
  ctx: ToolContext<SlackApi>,
): AsyncGenerator<{ records: MemoryRecord[]; state: ChannelState }> {
  let state = start;
  for (;;) {
    ctx.signal.throwIfAborted();
    const page = await ctx.api.conversations.history({
      channel: channel.id,
      oldest: state.done,
      limit: HISTORY_PAGE_SIZE,
      ...(state.walkBelow !== undefined && { latest: state.walkBelow }),
    });
    const newestFirst = [...page.messages].sort((a, b) => Number(b.ts) - Number(a.ts));
    const newest = newestFirst[0];
    const oldest = newestFirst[newestFirst.length - 1];
    if (newest === undefined || oldest === undefined || !page.hasMore) {
      // the walk reached the previous high-water mark: everything above it up to walkTop is stored
      const top = state.walkTop ?? newest?.ts ?? state.done;
      yield { records: await toRecords(channel, newestFirst, ctx), state: { done: maxTs(top, state.done) } };
      return;
    }
    state = { done: state.done, walkTop: state.walkTop ?? newest.ts, walkBelow: oldest.ts };
    yield { records: await toRecords(channel, newestFirst, ctx), state };
  }
}

async function toRecords(channel: SlackChannel, messages: readonly Parameters<typeof messageRecord>[1][], ctx: ToolContext<SlackApi>): Promise<MemoryRecord[]> {
  const records: MemoryRecord[] = [];
  for (const message of messages) {
    if (!isConversational(message)) continue;
    const names = await resolveNames(ctx.api, ctx.log, channel.id, message.user, channel.name);
    records.push(messageRecord(channel.id, message, names));
  }
  return records;
}

function maxTs(a: string, b: string): string {
  return Number(a) >= Number(b) ? a : b;
}
export const syncs: readonly SyncDefinition<SlackApi>[] = [channelHistorySync];
