/**
 * Gong automation-rule webhooks: an RS256 JWT in Authorization, signed with the rule's key, whose
 * `webhook_url` claim must be the URL Gong called and `body_sha256` the hex SHA-256 of the raw body
 * (and `exp` in the future). Deliveries are deduplicated by the call id; the call becomes the same
 * memory record the batch sync writes.
 */
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import { rs256Jwt, sha256Hex } from "../../runtime/webhooks/verifiers.js";
import type { GongApi } from "./api/index.js";
import { callRecord } from "./memory.js";
import { gongWebhookBody } from "./types/events.js";

/**
 * The URL Gong signed. With GONG_WEBHOOK_BASE_URL (our public origin, optionally with the webhook
 * path) it is that base plus the path we received; otherwise the public URL the runtime derived.
 */
export function expectedWebhookUrl(request: RawWebhookRequest, configuredBase: string | undefined): string {
  if (configuredBase === undefined || configuredBase.trim() === "") return request.publicUrl;
  const base = configuredBase.trim().replace(/\/+$/, "");
  const queryAt = request.url.indexOf("?");
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt === -1 ? "" : request.url.slice(queryAt);
  return base.endsWith(path) ? `${base}${query}` : `${base}${path}${query}`;
}

export function parseGongEvents(request: RawWebhookRequest): WebhookEvent[] {
  const body = gongWebhookBody.parse(JSON.parse(request.rawBody.toString("utf8")));
  return [{ dedupeKey: body.callData.metaData.id, type: body.isTest ? "call.test" : "call", payload: body }];
}

export const gongWebhook: WebhookDefinition<GongApi> = {
  verifier: (credentials, ctx) => {
    const publicKey = credentials.GONG_WEBHOOK_JWT_PUBLIC_KEY;
    if (publicKey === undefined || publicKey.trim() === "") {
      return () => ({ ok: false, reason: "GONG_WEBHOOK_JWT_PUBLIC_KEY is not set" });
    }
    return rs256Jwt({
      publicKey,
      claims: (request) => ({
        webhook_url: expectedWebhookUrl(request, credentials.GONG_WEBHOOK_BASE_URL),
        body_sha256: sha256Hex(request.rawBody),
      }),
      clock: ctx.clock,
    });
  },
  parse: parseGongEvents,
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
