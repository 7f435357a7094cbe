/**
 * A webhook definition for tests: HMAC-SHA256 hex of the body in `x-test-signature` (secret from
 * TEST_WEBHOOK_SECRET), a JSON body `{ "id", "type" }` or `{ "events": [...] }` (a batch), and a
 * handshake that echoes `x-test-handshake`.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import { hmacSignature } from "../../../services/runtime/webhooks/verifiers.js";

const eventSchema = z.object({ id: z.string().min(1), type: z.string().min(1) });
const bodySchema = z.union([eventSchema, z.object({ events: z.array(eventSchema).min(1) })]);

export const testWebhookDefinition: WebhookDefinition<unknown> = {
  handshake: (request) => {
    const echo = request.headers["x-test-handshake"];
    return echo === undefined ? undefined : { status: 200, body: { challenge: echo } };
  },
  verifier: (credentials) =>
    hmacSignature({ secret: credentials.TEST_WEBHOOK_SECRET ?? "", algorithm: "sha256", encoding: "hex", header: "x-test-signature" }),
  parse: (request): WebhookEvent[] => {
    const body = bodySchema.parse(JSON.parse(request.rawBody.toString("utf8")));
    const events = "events" in body ? body.events : [body];
    return events.map((event) => ({ dedupeKey: event.id, type: event.type, payload: event }));
  },
  toMemory: async () => [],
};

/** How a sender signs a test webhook (written here, not taken from the verifier). */
export function signTestBody(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}
