/** The Slack API as tools, webhooks and syncs see it: one typed object per endpoint group. */
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import { createChatApi, type ChatApi } from "./chat.js";
import { createSlackCall } from "./call.js";
import { createConversationsApi, type ConversationsApi } from "./conversations.js";
import { createSearchApi, type SearchApi } from "./search.js";
import { createUsersApi, type UsersApi } from "./users.js";

export interface SlackApi {
  readonly conversations: ConversationsApi;
  readonly chat: ChatApi;
  readonly users: UsersApi;
  readonly search: SearchApi;
}

export function createApi(ctx: ApiFactoryContext): SlackApi {
  const call = createSlackCall(ctx.http);
  const userToken = ctx.credentials.SLACK_USER_TOKEN?.trim() || undefined;
  return {
    conversations: createConversationsApi(call),
    chat: createChatApi(call),
    users: createUsersApi(call),
    search: createSearchApi(call, userToken),
  };
}
