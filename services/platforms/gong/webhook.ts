/**
 * Gong automation-rule webhooks: an RS256 JWT in Authorization, signed with the rule's key, whose
 * `webhook_url` claim must be the URL Gong called and `body_sha256` the hex SHA-256 of the raw body
 * (and `exp` in the future). Deliveries are deduplicated by the call id; the call becomes the same
 * memory record the batch sync writes.
 */
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { gongJwt } from "../../runtime/webhooks/verifiers.js";
import type { GongApi } from "./api/index.js";
import { callRecord } from "./memory.js";
import { gongWebhookBody } from "./types/events.js";

export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, gongWebhookBody);
  return [{ dedupeKey: body.callData.metaData.id, type: body.isTest ? "call.test" : "call", payload: body }];
}

export const webhook: WebhookDefinition<GongApi> = {
  // webhook_url must be request.publicUrl: GONG_WEBHOOK_URL when set (services/runtime/webhook-url.ts)
  verifier: (credentials, ctx) => {
    const publicKey = credentials.GONG_WEBHOOK_JWT_PUBLIC_KEY?.trim();
    // fail closed: without the rule's key nothing can be verified
    if (!publicKey) return () => ({ ok: false, reason: "GONG_WEBHOOK_JWT_PUBLIC_KEY is not set" });
    return gongJwt(publicKey, ctx.clock);
  },
  parse: parseDelivery,
  async toMemory(event, ctx) {
    const body = gongWebhookBody.parse(event.payload);
    if (body.isTest) {
      // "Test" in Gong's rule editor sends a real call's data; storing it would file that call as new
      ctx.log.info({ callId: body.callData.metaData.id }, "Gong test webhook received and verified; not stored");
      return [];
    }
    return [callRecord(body.callData)];
  },
};
