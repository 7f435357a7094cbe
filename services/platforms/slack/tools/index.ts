import type { ToolDefinition } from "../../../runtime/contract.js";
import type { SlackApi } from "../api/index.js";
import { slackAddReaction } from "./add-reaction.js";
import { slackGetChannelHistory } from "./channel-history.js";
import { slackGetUser } from "./get-user.js";
import { slackListChannels } from "./list-channels.js";
import { slackLookupUserByEmail } from "./lookup-user-by-email.js";
import { slackPostMessage } from "./post-message.js";
import { slackSearchMessages } from "./search-messages.js";
import { slackGetThreadReplies } from "./thread-replies.js";
import { slackUpdateMessage } from "./update-message.js";

export const tools: readonly ToolDefinition<SlackApi>[] = [
  slackListChannels,
  slackGetChannelHistory,
  slackGetThreadReplies,
  slackSearchMessages,
  slackPostMessage,
  slackUpdateMessage,
  slackAddReaction,
  slackLookupUserByEmail,
  slackGetUser,
];
