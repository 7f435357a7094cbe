/**
 * Slack Events API: signature check, the signed url_verification challenge, parsing into events
 * deduplicated by event_id (Slack retries carry the same event_id and an X-Slack-Retry-Num header),
 * and memory records for messages, mentions and reactions.
 */
import type { Logger } from "pino";
import type {
  HandshakeResponse,
  MemoryRecord,
  RawWebhookRequest,
  ToolContext,
  WebhookDefinition,
  WebhookEvent,
} from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { slackSignature } from "../../runtime/webhooks/verifiers.js";
import type { SlackApi } from "./api/index.js";
import { isConversational, messageRecord, reactionRecord, resolveNames } from "./memory.js";
import { eventCallbackBody, eventsApiBody, messageEvent, reactionAddedEvent, urlVerificationBody, type MessageEvent } from "./types/events.js";
import { displayName, toMessage } from "./types/normalized.js";

/**
 * Slack signs url_verification like any event, so the challenge is echoed only once the signature
 * verified (the runtime calls this after the verifier); an unsigned challenge gets the 401 every
 * unverifiable request gets.
 */
export function answerUrlVerification(request: RawWebhookRequest): HandshakeResponse | undefined {
  let body: unknown;
  try {
    body = jsonBody(request);
  } catch {
    return undefined;
  }
  const challenge = urlVerificationBody.safeParse(body);
  if (!challenge.success) return undefined;
  return { status: 200, headers: { "content-type": "application/json" }, body: { challenge: challenge.data.challenge } };
}

const MESSAGE_SUBSCRIPTIONS: Readonly<Record<string, string>> = {
  channel: "message.channels",
  group: "message.groups",
  im: "message.im",
  mpim: "message.mpim",
};

/** The Events API subscription an event arrives under: `message` events are subscribed per kind of conversation. */
export function subscriptionOf(event: { readonly type: string; readonly channel_type?: unknown }): string {
  if (event.type !== "message") return event.type;
  return (typeof event.channel_type === "string" ? MESSAGE_SUBSCRIPTIONS[event.channel_type] : undefined) ?? "message.channels";
}

export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, eventsApiBody);
  switch (body.type) {
    case "event_callback":
      return [{ dedupeKey: body.event_id, type: body.event.type, subscription: subscriptionOf(body.event), payload: body }];
    case "app_rate_limited":
      // Slack stops delivering events for the rest of that minute; record it so operators see it
      return [{ dedupeKey: `app_rate_limited:${body.team_id ?? "team"}:${body.minute_rate_limited}`, type: "app_rate_limited", payload: body }];
    case "url_verification":
      return [];
  }
}

export async function slackEventToMemory(event: WebhookEvent, ctx: ToolContext<SlackApi>): Promise<MemoryRecord[]> {
  if (event.type === "app_rate_limited") {
    ctx.log.warn({ payload: event.payload }, "Slack paused event delivery for a minute (app_rate_limited): events of that minute are not delivered");
    return [];
  }
  const body = eventCallbackBody.parse(event.payload);
  switch (body.event.type) {
    case "message":
    case "app_mention":
      return messageToMemory(messageEvent.parse(body.event), ctx.api, ctx.log);
    case "reaction_added": {
      const reaction = reactionAddedEvent.parse(body.event);
      if (reaction.item.type !== "message" || reaction.item.channel === undefined || reaction.item.ts === undefined) return [];
      const names = await resolveNames(ctx.api, ctx.log, reaction.item.channel, reaction.user);
      const itemAuthor = reaction.item_user === undefined ? undefined : await itemAuthorName(ctx.api, ctx.log, reaction.item_user);
      return [
        reactionRecord(
          {
            channel: reaction.item.channel,
            messageTs: reaction.item.ts,
            user: reaction.user,
            reaction: reaction.reaction,
            eventTs: reaction.event_ts,
            ...(reaction.item_user !== undefined && { itemUser: reaction.item_user }),
          },
          { ...names, ...(itemAuthor !== undefined && { itemAuthorName: itemAuthor }) },
        ),
      ];
    }
    default:
      ctx.log.debug({ type: body.event.type }, "slack event type not stored in memory");
      return [];
  }
}

async function messageToMemory(event: MessageEvent, api: SlackApi, log: Logger): Promise<MemoryRecord[]> {
  if (event.subtype === "message_changed" && event.message !== undefined) {
    const current = toMessage(event.message);
    if (!isConversational({ ...current, subtype: undefined })) return [];
    const names = await resolveNames(api, log, event.channel, current.user);
    return [messageRecord(event.channel, { ...current, subtype: undefined }, names, { editedTs: event.message.edited?.ts ?? event.ts })];
  }
  const message = toMessage({
    ts: event.ts,
    text: event.text,
    ...(event.subtype !== undefined && { subtype: event.subtype }),
    ...(event.user !== undefined && { user: event.user }),
    ...(event.bot_id !== undefined && { bot_id: event.bot_id }),
    ...(event.thread_ts !== undefined && { thread_ts: event.thread_ts }),
    ...(event.files !== undefined && { files: event.files }),
  });
  // message_deleted, channel_join and similar carry nothing worth remembering
  if (!isConversational(message)) return [];
  const names = await resolveNames(api, log, event.channel, message.user);
  return [messageRecord(event.channel, message, names)];
}

async function itemAuthorName(api: SlackApi, log: Logger, user: string): Promise<string | undefined> {
  try {
    return displayName(await api.users.info(user), user);
  } catch (error) {
    log.warn({ err: error, user }, "slack name lookup failed; storing ids");
    return undefined;
  }
}

export const webhook: WebhookDefinition<SlackApi> = {
  verifier: (credentials, ctx) => slackSignature(credentials.SLACK_SIGNING_SECRET ?? "", ctx.clock),
  verifiedHandshake: (request) => answerUrlVerification(request),
  parse: parseDelivery,
  toMemory: slackEventToMemory,
};
