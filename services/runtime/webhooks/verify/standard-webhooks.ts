/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, possibly several
 * space-separated signatures (key rotation); the secret is `whsec_` + base64 key bytes.
 */
import { createHmac, createSecretKey } from "node:crypto";
import type { Clock, WebhookVerifier } from "../../contract.js";
import { safeEqual } from "../../constant-time.js";
import { timestampProblem } from "./digests.js";

export interface StandardWebhooksOptions {
  readonly secret: string;
  readonly toleranceSeconds?: number;
  readonly clock?: Clock;
}

export function standardWebhooks(options: StandardWebhooksOptions): WebhookVerifier {
  const key = Buffer.from(options.secret.startsWith("whsec_") ? options.secret.slice("whsec_".length) : options.secret, "base64");
  // prepared once (createHmac with raw bytes prepares the key on every call)
  const hmacKey = key.length === 0 ? undefined : createSecretKey(key);
  const clock = options.clock ?? { now: () => new Date() };
  const tolerance = options.toleranceSeconds ?? 300;

  return (request) => {
    if (hmacKey === undefined) return { ok: false, reason: "no signing secret configured" };
    const id = request.headers["webhook-id"];
    const timestamp = request.headers["webhook-timestamp"];
    const signatures = request.headers["webhook-signature"];
    if (id === undefined || timestamp === undefined || signatures === undefined) {
      return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature header" };
    }
    const expected = createHmac("sha256", hmacKey).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), request.rawBody])).digest();
    // check every offered v1 signature (no early exit), so timing does not reveal which one matched
    let matched = false;
    for (const entry of signatures.split(" ")) {
      const [version, value] = entry.split(",", 2);
      if (version === "v1" && value !== undefined && safeEqual(expected, Buffer.from(value, "base64"))) matched = true;
    }
    if (!matched) return { ok: false, reason: "signature mismatch" };
    const problem = timestampProblem(/^\d+$/.test(timestamp) ? timestamp : "x", "s", tolerance, clock.now());
    return problem === undefined ? { ok: true } : { ok: false, reason: problem };
  };
}
