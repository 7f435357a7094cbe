/** conversations.list / info / history / replies */
import {
  conversationsHistoryResponse,
  conversationsInfoResponse,
  conversationsListResponse,
} from "../types/raw.js";
import { toChannel, toMessage, type SlackChannel, type SlackMessage } from "../types/normalized.js";
import { expiringCache } from "../../../runtime/cache.js";
import type {
  ConversationsHistoryArguments,
  ConversationsInfoArguments,
  ConversationsListArguments,
  ConversationsRepliesArguments,
} from "@slack/web-api";
import type { SlackCall } from "./call.js";

export type ChannelType = "public_channel" | "private_channel" | "mpim" | "im";

export interface ListChannelsParams {
  readonly types?: readonly ChannelType[];
  readonly excludeArchived?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface HistoryParams {
  readonly channel: string;
  readonly limit?: number;
  readonly cursor?: string;
  /** only messages after this ts */
  readonly oldest?: string;
  /** only messages before this ts */
  readonly latest?: string;
  readonly inclusive?: boolean;
}

export interface RepliesParams {
  readonly channel: string;
  readonly ts: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface MessagePage {
  readonly messages: SlackMessage[];
  readonly hasMore: boolean;
  readonly nextCursor?: string;
}

export interface ConversationsApi {
  list(params: ListChannelsParams): Promise<{ channels: SlackChannel[]; nextCursor?: string }>;
  info(channel: string): Promise<SlackChannel>;
  history(params: HistoryParams): Promise<MessagePage>;
  replies(params: RepliesParams): Promise<MessagePage>;
}

/** Slack signals "no more pages" with an empty string cursor */
export function nextCursorOf(metadata: { next_cursor?: string | undefined } | undefined): string | undefined {
  const cursor = metadata?.next_cursor;
  return cursor ? cursor : undefined;
}

export function createConversationsApi(call: SlackCall): ConversationsApi {
  const channelCache = expiringCache<SlackChannel>({ maxEntries: 500, ttlMs: 10 * 60_000 });
  return {
    async list({ types = ["public_channel"], excludeArchived = true, limit = 200, cursor }) {
      const args = { types: types.join(","), exclude_archived: excludeArchived, limit, cursor } satisfies ConversationsListArguments;
      const response = await call.read("conversations.list", args, conversationsListResponse);
      const nextCursor = nextCursorOf(response.response_metadata);
      return { channels: response.channels.map(toChannel), ...(nextCursor && { nextCursor }) };
    },
    info(channel) {
      return channelCache.getOrLoad(channel, async () => {
        const args = { channel } satisfies ConversationsInfoArguments;
        const response = await call.read("conversations.info", args, conversationsInfoResponse);
        return toChannel(response.channel);
      });
    },
    async history({ channel, limit = 100, cursor, oldest, latest, inclusive }) {
      const args = { channel, limit, cursor, oldest, latest, inclusive } satisfies ConversationsHistoryArguments;
      const response = await call.read("conversations.history", args, conversationsHistoryResponse);
      const nextCursor = nextCursorOf(response.response_metadata);
      return { messages: response.messages.map(toMessage), hasMore: response.has_more, ...(nextCursor && { nextCursor }) };
    },
    async replies({ channel, ts, limit = 100, cursor }) {
      const args = { channel, ts, limit, cursor } satisfies ConversationsRepliesArguments;
      const response = await call.read("conversations.replies", args, conversationsHistoryResponse);
      const nextCursor = nextCursorOf(response.response_metadata);
      return { messages: response.messages.map(toMessage), hasMore: response.has_more, ...(nextCursor && { nextCursor }) };
    },
  };
}
