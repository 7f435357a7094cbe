/**
 * Slack messages and reactions as memory records (the seed's _transform_record and
 * _generate_searchable_content). The text reads like a line a person would write about the
 * message, with names instead of ids where Slack can tell us them, so search results make sense
 * on their own. Webhook events and the history sync produce the same key for the same message,
 * so a message arriving both ways is stored once.
 */
import type { Logger } from "pino";
import type { MemoryRecord } from "../../runtime/contract.js";
import type { SlackApi } from "./api/index.js";
import { displayName, slackTsToIso, type SlackMessage } from "./types/normalized.js";

/** message subtypes that carry something a person said; joins, topic changes and the like do not */
const CONVERSATIONAL_SUBTYPES = new Set([undefined, "thread_broadcast", "bot_message", "file_share", "me_message"]);

export function isConversational(message: Pick<SlackMessage, "subtype" | "text" | "files">): boolean {
  return CONVERSATIONAL_SUBTYPES.has(message.subtype) && (message.text.trim() !== "" || (message.files?.length ?? 0) > 0);
}

export function messageKey(channel: string, ts: string): string {
  return `slack:message:${channel}:${ts}`;
}

export interface Names {
  readonly channelName?: string;
  readonly authorName?: string;
}

/**
 * Looks up the channel's and the author's names. Best effort: a record with ids is still worth
 * storing, so a failed lookup is logged and the ids stand in.
 */
export async function resolveNames(
  api: SlackApi,
  log: Logger,
  channel: string,
  user: string | undefined,
  knownChannelName?: string,
): Promise<Names> {
  const [channelInfo, userInfo] = await Promise.allSettled([
    knownChannelName === undefined ? api.conversations.info(channel) : Promise.resolve({ name: knownChannelName }),
    user === undefined ? Promise.resolve(undefined) : api.users.info(user),
  ]);
  for (const failed of [channelInfo, userInfo].filter((r) => r.status === "rejected")) {
    log.warn({ err: (failed as PromiseRejectedResult).reason, channel, user }, "slack name lookup failed; storing ids");
  }
  return {
    ...(channelInfo.status === "fulfilled" && { channelName: channelInfo.value.name }),
    ...(userInfo.status === "fulfilled" && userInfo.value !== undefined && { authorName: displayName(userInfo.value, user) }),
  };
}

function readableTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export function messageRecord(channel: string, message: SlackMessage, names: Names, options: { editedTs?: string } = {}): MemoryRecord {
  const where = names.channelName ? `#${names.channelName}` : `channel ${channel}`;
  const who = names.authorName ?? message.user ?? message.botId ?? "someone";
  const time = slackTsToIso(message.ts);
  const isReply = message.threadTs !== undefined && message.threadTs !== message.ts;
  const lines = [
    `${who} ${isReply ? "replied in a thread" : options.editedTs ? "edited a message" : "wrote"} in ${where} on ${readableTime(time)}:`,
    message.text,
  ];
  if (message.files?.length) lines.push(`Files: ${message.files.join(", ")}`);
  if (message.reactions?.length) lines.push(`Reactions: ${message.reactions.map((r) => `:${r.name}: ×${r.count}`).join(" ")}`);
  if (message.replyCount) lines.push(`Thread with ${message.replyCount} ${message.replyCount === 1 ? "reply" : "replies"}.`);
  const key = options.editedTs ? `${messageKey(channel, message.ts)}:edit:${options.editedTs}` : messageKey(channel, message.ts);
  return {
    key,
    source: "slack",
    type: "message",
    timestamp: options.editedTs ? slackTsToIso(options.editedTs) : time,
    title: `${where}: message from ${who}`,
    content: lines.join("\n"),
    record: {
      channelId: channel,
      ...(names.channelName !== undefined && { channelName: names.channelName }),
      ...message,
      ...(names.authorName !== undefined && { authorName: names.authorName }),
    },
  };
}

export interface ReactionEvent {
  readonly channel: string;
  readonly messageTs: string;
  readonly user: string;
  readonly reaction: string;
  readonly itemUser?: string;
  readonly eventTs: string;
}

export function reactionRecord(event: ReactionEvent, names: Names & { itemAuthorName?: string }): MemoryRecord {
  const where = names.channelName ? `#${names.channelName}` : `channel ${event.channel}`;
  const who = names.authorName ?? event.user;
  const whose = names.itemAuthorName ? `${names.itemAuthorName}'s message` : "a message";
  const time = slackTsToIso(event.eventTs);
  return {
    key: `slack:reaction:${event.channel}:${event.messageTs}:${event.user}:${event.reaction}`,
    source: "slack",
    type: "reaction",
    timestamp: time,
    title: `${where}: :${event.reaction}: from ${who}`,
    content: `${who} reacted :${event.reaction}: to ${whose} (ts ${event.messageTs}) in ${where} on ${readableTime(time)}.`,
    record: { ...event, ...names },
  };
}
