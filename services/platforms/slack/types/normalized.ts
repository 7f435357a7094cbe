/**
 * What our Slack tools and memory records hand out: small, named for a reader, no raw API dumps.
 * The `to*` functions map parsed Slack responses (types/raw.ts) onto these shapes.
 */
import { z } from "zod";
import type { RawChannel, RawMessage, RawUser } from "./raw.js";

/** long messages are cut here so one chatty message cannot flood a model's context */
export const MAX_MESSAGE_CHARS = 4_000;

export const channelOutput = z.object({
  id: z.string(),
  name: z.string(),
  isPrivate: z.boolean(),
  isArchived: z.boolean(),
  isMember: z.boolean().describe("whether the bot is in the channel (it can only read history of channels it is in)"),
  memberCount: z.number().optional(),
  topic: z.string().optional(),
  purpose: z.string().optional(),
});
export type SlackChannel = z.infer<typeof channelOutput>;

export const messageOutput = z.object({
  ts: z.string().describe("Slack's message id within the channel; pass it to thread or update tools"),
  time: z.string().describe("ISO 8601, UTC"),
  user: z.string().optional().describe("author's user id"),
  botId: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string(),
  truncated: z.boolean().optional(),
  threadTs: z.string().optional(),
  replyCount: z.number().optional(),
  reactions: z.array(z.object({ name: z.string(), count: z.number() })).optional(),
  files: z.array(z.string()).optional(),
  edited: z.boolean().optional(),
});
export type SlackMessage = z.infer<typeof messageOutput>;

export const userOutput = z.object({
  id: z.string(),
  handle: z.string().optional(),
  realName: z.string().optional(),
  displayName: z.string().optional(),
  email: z.string().optional(),
  title: z.string().optional(),
  isBot: z.boolean(),
  deleted: z.boolean(),
  timezone: z.string().optional(),
});
export type SlackUser = z.infer<typeof userOutput>;

/** Slack timestamps are "seconds.micros" strings; they double as message ids. */
export function slackTsToIso(ts: string): string {
  const seconds = Number(ts);
  if (!Number.isFinite(seconds)) return new Date(0).toISOString();
  return new Date(Math.floor(seconds * 1000)).toISOString();
}

export function truncateText(text: string, max = MAX_MESSAGE_CHARS): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  return { text: `${text.slice(0, max)}…`, truncated: true };
}

export function toChannel(raw: RawChannel): SlackChannel {
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    isPrivate: raw.is_private ?? false,
    isArchived: raw.is_archived ?? false,
    isMember: raw.is_member ?? false,
    ...(raw.num_members !== undefined && { memberCount: raw.num_members }),
    ...(raw.topic?.value && { topic: raw.topic.value }),
    ...(raw.purpose?.value && { purpose: raw.purpose.value }),
  };
}

export function toMessage(raw: RawMessage): SlackMessage {
  const { text, truncated } = truncateText(raw.text);
  return {
    ts: raw.ts,
    time: slackTsToIso(raw.ts),
    ...(raw.user !== undefined && { user: raw.user }),
    ...(raw.bot_id !== undefined && { botId: raw.bot_id }),
    ...(raw.subtype !== undefined && { subtype: raw.subtype }),
    text,
    ...(truncated && { truncated }),
    ...(raw.thread_ts !== undefined && { threadTs: raw.thread_ts }),
    ...(raw.reply_count !== undefined && { replyCount: raw.reply_count }),
    ...(raw.reactions?.length && {
      reactions: raw.reactions.map((r) => ({ name: r.name, count: r.count ?? r.users?.length ?? 1 })),
    }),
    ...(raw.files?.length && { files: raw.files.map((f) => f.title ?? f.name ?? f.id ?? "file") }),
    ...(raw.edited !== undefined && { edited: true }),
  };
}

export function toUser(raw: RawUser): SlackUser {
  return {
    id: raw.id,
    ...(raw.name !== undefined && { handle: raw.name }),
    ...((raw.profile?.real_name ?? raw.real_name) !== undefined && { realName: raw.profile?.real_name ?? raw.real_name }),
    ...(raw.profile?.display_name && { displayName: raw.profile.display_name }),
    ...(raw.profile?.email !== undefined && { email: raw.profile.email }),
    ...(raw.profile?.title && { title: raw.profile.title }),
    isBot: raw.is_bot ?? false,
    deleted: raw.deleted ?? false,
    ...(raw.tz !== undefined && { timezone: raw.tz }),
  };
}

/** the best name to show for a user in text meant for people */
export function displayName(user: SlackUser | undefined, fallbackId: string | undefined): string {
  if (user === undefined) return fallbackId ?? "unknown user";
  return user.displayName || user.realName || user.handle || user.id;
}
