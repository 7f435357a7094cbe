/**
 * Events API request bodies (https://api.slack.com/apis/events-api): parsed only after the
 * signature check passed. The outer body is one of url_verification, event_callback or
 * app_rate_limited; inside event_callback, only the event types we turn into memories are parsed
 * further, and unknown ones are accepted and ignored.
 */
import { z } from "zod";
import { rawFile, rawMessage } from "./raw.js";

export const urlVerificationBody = z.object({
  type: z.literal("url_verification"),
  challenge: z.string().min(1).max(500),
});

export const eventCallbackBody = z.object({
  type: z.literal("event_callback"),
  team_id: z.string().optional(),
  api_app_id: z.string().optional(),
  event_id: z.string().min(1),
  event_time: z.number().optional(),
  event: z.looseObject({ type: z.string() }),
});
export type EventCallbackBody = z.infer<typeof eventCallbackBody>;

export const appRateLimitedBody = z.object({
  type: z.literal("app_rate_limited"),
  team_id: z.string().optional(),
  minute_rate_limited: z.number(),
});

export const eventsApiBody = z.discriminatedUnion("type", [urlVerificationBody, eventCallbackBody, appRateLimitedBody]);

/** `message` (message.channels / groups / im) and `app_mention` share this shape */
export const messageEvent = z.object({
  type: z.enum(["message", "app_mention"]),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional().default(""),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(rawFile).optional(),
  /** message_changed: the message as it is now */
  message: rawMessage.optional(),
  /** message_deleted */
  deleted_ts: z.string().optional(),
});
export type MessageEvent = z.infer<typeof messageEvent>;

export const reactionAddedEvent = z.object({
  type: z.literal("reaction_added"),
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
  event_ts: z.string(),
});
