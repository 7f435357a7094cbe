/**
 * Slack Web API responses as Slack sends them: parsed with these schemas, never trusted. Only the
 * fields we use are listed; zod drops the rest. Shapes follow the method reference and the
 * `@slack/web-api` response types (ConversationsListResponse, ConversationsHistoryResponse, ...).
 */
import { z } from "zod";

const responseMetadata = z
  .object({ next_cursor: z.string().optional() })
  .optional();

/** every Web API answer carries `ok`; a false one carries `error` (HTTP status is still 200) */
export const slackEnvelope = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  needed: z.string().optional(),
  warning: z.string().optional(),
});

export const rawChannel = z.object({
  id: z.string(),
  name: z.string().optional(),
  is_private: z.boolean().optional(),
  is_archived: z.boolean().optional(),
  is_member: z.boolean().optional(),
  is_im: z.boolean().optional(),
  is_mpim: z.boolean().optional(),
  num_members: z.number().optional(),
  created: z.number().optional(),
  topic: z.object({ value: z.string() }).optional(),
  purpose: z.object({ value: z.string() }).optional(),
});
export type RawChannel = z.infer<typeof rawChannel>;

export const rawReaction = z.object({
  name: z.string(),
  count: z.number().optional(),
  users: z.array(z.string()).optional(),
});

export const rawFile = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  title: z.string().optional(),
  permalink: z.string().optional(),
});

export const rawMessage = z.object({
  type: z.string().optional(),
  subtype: z.string().optional(),
  ts: z.string(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  username: z.string().optional(),
  text: z.string().optional().default(""),
  thread_ts: z.string().optional(),
  reply_count: z.number().optional(),
  latest_reply: z.string().optional(),
  edited: z.object({ user: z.string().optional(), ts: z.string() }).optional(),
  reactions: z.array(rawReaction).optional(),
  files: z.array(rawFile).optional(),
});
export type RawMessage = z.infer<typeof rawMessage>;

export const conversationsListResponse = z.object({
  channels: z.array(rawChannel),
  response_metadata: responseMetadata,
});

export const conversationsInfoResponse = z.object({ channel: rawChannel });

export const conversationsHistoryResponse = z.object({
  messages: z.array(rawMessage),
  has_more: z.boolean().optional().default(false),
  response_metadata: responseMetadata,
});

export const rawSearchMatch = z.object({
  ts: z.string(),
  text: z.string().optional().default(""),
  user: z.string().optional(),
  username: z.string().optional(),
  permalink: z.string().optional(),
  channel: z.object({ id: z.string(), name: z.string().optional(), is_private: z.boolean().optional() }).optional(),
});

export const searchMessagesResponse = z.object({
  query: z.string().optional(),
  messages: z.object({
    total: z.number().optional().default(0),
    matches: z.array(rawSearchMatch).optional().default([]),
    paging: z
      .object({ count: z.number(), total: z.number(), page: z.number(), pages: z.number() })
      .partial()
      .optional(),
  }),
});

export const chatPostMessageResponse = z.object({
  channel: z.string(),
  ts: z.string(),
  message: rawMessage.partial({ ts: true }).optional(),
});

export const chatUpdateResponse = z.object({
  channel: z.string(),
  ts: z.string(),
  text: z.string().optional(),
});

export const reactionsAddResponse = z.object({});

export const rawUser = z.object({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_admin: z.boolean().optional(),
  tz: z.string().optional(),
  profile: z
    .object({
      real_name: z.string().optional(),
      display_name: z.string().optional(),
      email: z.string().optional(),
      title: z.string().optional(),
    })
    .optional(),
});
export type RawUser = z.infer<typeof rawUser>;

export const userResponse = z.object({ user: rawUser });
