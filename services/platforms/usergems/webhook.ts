/**
 * UserGems' "Send to Webhook" campaign action: no signature, only the fixed `X-Api-Key` header
 * value we chose (USERGEMS_WEBHOOK_TOKEN), compared in constant time before the body is read. The
 * body is one signal (types/events.ts), parsed strictly. A campaign may fire again for the same
 * person and signal: deliveries are deduplicated by a hash of the person (email, else LinkedIn
 * URL), the signal type and the campaign, so each is stored once.
 */
import { createHash } from "node:crypto";
import type { MemoryRecord, RawWebhookRequest, ToolContext, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { sharedToken } from "../../runtime/webhooks/verifiers.js";
import type { UsergemsApi } from "./api/index.js";
import { signalToMemory } from "./memory.js";
import { signalBodySchema } from "./types/events.js";
import { emailKey, linkedinKey } from "./types/normalized.js";

export const TOKEN_HEADER = "x-api-key";

/** sha256(person key, signal, campaign id), hex */
export function signalDedupeKey(person: { email?: string; linkedinUrl?: string }, signal: string, campaignId: string): string {
  const personKey = person.email !== undefined ? emailKey(person.email) : linkedinKey(person.linkedinUrl ?? "");
  return createHash("sha256").update(`${personKey}\n${signal}\n${campaignId}`).digest("hex");
}

export function parseSignal(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, signalBodySchema);
  return [{ dedupeKey: signalDedupeKey(body.person, body.signal, body.campaign.id), type: body.signal, payload: body }];
}

export async function eventToMemory(event: WebhookEvent, _ctx: ToolContext<UsergemsApi>): Promise<MemoryRecord[]> {
  return [signalToMemory(signalBodySchema.parse(event.payload), `usergems:signal:${event.dedupeKey}`)];
}

export const webhook: WebhookDefinition<UsergemsApi> = {
  verifier: (credentials) => sharedToken({ token: credentials.USERGEMS_WEBHOOK_TOKEN ?? "", from: { header: TOKEN_HEADER } }),
  parse: parseSignal,
  toMemory: eventToMemory,
};
