/**
 * Apollo's asynchronous results (phone-number and waterfall reveals of people match requests) come
 * to the per-request callback URL the match tool minted (api/callback-url.ts): unsigned, so the
 * URL's token is the proof, checked in constant time before the body is read. The delivery's dedupe
 * key is the request id in that URL, so each request's result is accepted once however often Apollo
 * retries it or anyone replays it. There are no subscriptions to choose from: every verified result
 * is stored.
 */
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import type { ApolloApi } from "./api/index.js";
import { callbackRequestId, verifyCallbackUrl } from "./api/callback-url.js";
import { revealToMemories } from "./memory.js";
import { apolloRequestIdOf, revealBodySchema, revealEventSchema } from "./types/events.js";

/** Verified body -> one inbox event. Throws (a 400) on a body that is not a reveal result. */
export function parseResult(request: RawWebhookRequest): WebhookEvent[] {
  const requestId = callbackRequestId(request.url);
  if (requestId === undefined) throw new Error("no request id in the callback URL");
  const text = request.rawBody.toString("utf8");
  const body = revealBodySchema.parse(JSON.parse(text));
  const apolloRequestId = apolloRequestIdOf(text);
  return [
    {
      dedupeKey: `request:${requestId}`,
      type: "enrichment_result",
      payload: { requestId, ...(apolloRequestId === undefined ? {} : { apolloRequestId }), receivedAt: request.receivedAt.toISOString(), body },
    },
  ];
}

export const webhook: WebhookDefinition<ApolloApi> = {
  verifier: (credentials, { clock }) => (request) => verifyCallbackUrl(credentials.APOLLO_WEBHOOK_TOKEN ?? "", request.url, clock.now().getTime()),
  parse: parseResult,
  toMemory: async (event) => revealToMemories(revealEventSchema.parse(event.payload)),
};
