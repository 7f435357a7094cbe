/**
 * search.messages. Slack serves it to user tokens only (scope search:read); bot tokens get
 * `not_allowed_token_type`. Without SLACK_USER_TOKEN the API says so before calling anything.
 */
import { UpstreamError } from "../../../runtime/contract.js";
import { searchMessagesResponse } from "../types/raw.js";
import { slackTsToIso, truncateText } from "../types/normalized.js";
import type { SearchMessagesArguments } from "@slack/web-api";
import type { SlackCall } from "./call.js";

export interface SearchParams {
  readonly query: string;
  readonly count?: number;
  readonly page?: number;
  readonly sort?: "score" | "timestamp";
  readonly sortDir?: "asc" | "desc";
}

export interface SearchMatch {
  readonly channelId?: string;
  readonly channelName?: string;
  readonly ts: string;
  readonly time: string;
  readonly user?: string;
  readonly username?: string;
  readonly text: string;
  readonly permalink?: string;
}

export interface SearchResult {
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly matches: SearchMatch[];
}

export interface SearchApi {
  /** whether a user token is configured; search is unavailable without one */
  readonly available: boolean;
  messages(params: SearchParams): Promise<SearchResult>;
}

export const SEARCH_NEEDS_USER_TOKEN =
  "Slack search needs a user token: set SLACK_USER_TOKEN (xoxp-, scope search:read). Bot tokens cannot search; use slack_get_channel_history instead.";

export function createSearchApi(call: SlackCall, userToken: string | undefined): SearchApi {
  return {
    available: userToken !== undefined,
    async messages({ query, count = 20, page = 1, sort = "score", sortDir = "desc" }) {
      if (userToken === undefined) throw new UpstreamError("slack", 400, false, SEARCH_NEEDS_USER_TOKEN);
      const args = { query, count, page, sort, sort_dir: sortDir, highlight: false } satisfies SearchMessagesArguments;
      const response = await call.read("search.messages", args, searchMessagesResponse, { token: userToken });
      const { messages } = response;
      return {
        total: messages.total,
        page: messages.paging?.page ?? page,
        pages: messages.paging?.pages ?? 1,
        matches: messages.matches.map((m) => ({
          ...(m.channel?.id !== undefined && { channelId: m.channel.id }),
          ...(m.channel?.name !== undefined && { channelName: m.channel.name }),
          ts: m.ts,
          time: slackTsToIso(m.ts),
          ...(m.user !== undefined && { user: m.user }),
          ...(m.username !== undefined && { username: m.username }),
          text: truncateText(m.text).text,
          ...(m.permalink !== undefined && { permalink: m.permalink }),
        })),
      };
    },
  };
}
