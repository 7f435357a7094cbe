/**
 * Figma webhooks v2. Figma signs nothing: every body carries the `passcode` chosen when the webhook
 * was created (FIGMA_WEBHOOK_PASSCODE here), compared in constant time before anything else of the
 * body is read (bodyPasscode). The PING Figma sends when a webhook is created is answered 200 only
 * once its passcode checks out, and stored nowhere.
 *
 * Dedupe: the same delivery retried by Figma has the same webhook id, event type, file key and
 * timestamp; comment and version events add their comment or version id, Dev Mode events their
 * node id. A captured body replayed by someone holding it therefore dedupes to the one stored
 * event. Comments and named versions use the keys the sync gives them, so a comment arriving both
 * ways is one memory.
 */
import type { MemoryRecord, RawWebhookRequest, ToolContext, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { bodyPasscode } from "../../runtime/webhooks/verifiers.js";
import type { FigmaApi } from "./api/index.js";
import { eventToMemory } from "./memory.js";
import { type FigmaFileEvent, webhookBodySchema } from "./types/events.js";

function parseBody(request: RawWebhookRequest) {
  return jsonBody(request, webhookBodySchema);
}

export function dedupeKeyOf(event: FigmaFileEvent): string {
  const base = `${event.webhook_id}:${event.event_type}:${event.file_key}:${event.timestamp}`;
  switch (event.event_type) {
    case "FILE_COMMENT":
      return `${base}:${event.comment_id}`;
    case "FILE_VERSION_UPDATE":
      return `${base}:${event.version_id}`;
    case "DEV_MODE_STATUS_UPDATE":
      return `${base}:${event.node_id}`;
    default:
      return base;
  }
}

/** Verified body -> one inbox event. Throws (a 400) on a body that is not one of Figma's event shapes. */
export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = parseBody(request);
  if (body.event_type === "PING") return [];
  // the passcode has done its job: it is not kept in the inbox
  const { passcode: _passcode, ...payload } = body;
  return [{ dedupeKey: dedupeKeyOf(body), type: body.event_type, subscription: body.event_type, payload }];
}

function memoryKey(event: FigmaFileEvent, dedupeKey: string): string {
  switch (event.event_type) {
    case "FILE_COMMENT":
      return `figma:comment:${event.file_key}:${event.comment_id}`;
    case "FILE_VERSION_UPDATE":
      return `figma:version:${event.file_key}:${event.version_id}`;
    default:
      return `figma:event:${dedupeKey}`;
  }
}

export async function toMemory(event: WebhookEvent, _ctx: ToolContext<FigmaApi>): Promise<MemoryRecord[]> {
  const body = webhookBodySchema.parse({ passcode: "", ...(event.payload as object) });
  if (body.event_type === "PING") return [];
  return [eventToMemory(body, memoryKey(body, event.dedupeKey))];
}

export const webhook: WebhookDefinition<FigmaApi> = {
  verifier: (credentials) => bodyPasscode({ passcode: credentials.FIGMA_WEBHOOK_PASSCODE ?? "" }),
  verifiedHandshake(request) {
    let eventType: unknown;
    try {
      eventType = (jsonBody(request) as { event_type?: unknown }).event_type;
    } catch {
      return undefined;
    }
    return eventType === "PING" ? { status: 200, body: { ok: true } } : undefined;
  },
  parse: parseDelivery,
  toMemory,
};
