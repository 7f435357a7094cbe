/**
 * The verifiers of the platforms we know, built from the generic ones (facts from
 * /work/shared/platforms.md and the vendors' docs). A platform definition picks one in a line.
 */
import type { Clock, KeyValueState, RawWebhookRequest, WebhookVerifier } from "../../contract.js";
import { sha256Hex } from "./digests.js";
import { DEFAULT_HOOK_SECRET_KEY } from "./handshake.js";
import { hmacSignature } from "./hmac.js";
import { rs256Jwt } from "./jwt.js";
import { jsonBody } from "../json-body.js";

/** Slack: `X-Slack-Signature: v0=` hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{body}`, 5 min window. */
export function slackSignature(signingSecret: string, clock?: Clock): WebhookVerifier {
  return hmacSignature({
    secret: signingSecret,
    algorithm: "sha256",
    encoding: "hex",
    header: "x-slack-signature",
    prefix: "v0=",
    signedPayload: (request) => Buffer.concat([Buffer.from(`v0:${request.headers["x-slack-request-timestamp"] ?? ""}:`), request.rawBody]),
    timestamp: { header: "x-slack-request-timestamp", unit: "s", toleranceSeconds: 300 },
    clock,
  });
}

/**
 * HubSpot's URI as signed: these percent-encoded characters are decoded before signing (HubSpot's
 * v3 validation docs); everything else stays as received.
 */
const HUBSPOT_DECODED: Readonly<Record<string, string>> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

export function hubspotSignedUri(publicUrl: string): string {
  return publicUrl.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => HUBSPOT_DECODED[match.toUpperCase()] ?? match);
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(client secret, method + URI + body +
 * timestamp), the URI being the public URL HubSpot called; `X-HubSpot-Request-Timestamp` in ms, 5 min.
 */
export function hubspotV3Signature(clientSecret: string, clock?: Clock): WebhookVerifier {
  return hmacSignature({
    secret: clientSecret,
    algorithm: "sha256",
    encoding: "base64",
    header: "x-hubspot-signature-v3",
    signedPayload: (request: RawWebhookRequest) =>
      Buffer.concat([
        Buffer.from(`${request.method.toUpperCase()}${hubspotSignedUri(request.publicUrl)}`),
        request.rawBody,
        Buffer.from(request.headers["x-hubspot-request-timestamp"] ?? ""),
      ]),
    timestamp: { header: "x-hubspot-request-timestamp", unit: "ms", toleranceSeconds: 300 },
    clock,
  });
}

/** Linear: `Linear-Signature` hex HMAC-SHA256 of the body; body `webhookTimestamp` (ms) within 60 s, read after the HMAC passed. */
export function linearSignature(webhookSecret: string, clock?: Clock): WebhookVerifier {
  return hmacSignature({
    secret: webhookSecret,
    algorithm: "sha256",
    encoding: "hex",
    header: "linear-signature",
    timestamp: {
      unit: "ms",
      toleranceSeconds: 60,
      extract: (request) => numberField(request, "webhookTimestamp"),
    },
    clock,
  });
}

/**
 * Vercel: `x-vercel-signature` hex HMAC-SHA1 of the body. The protocol has no signed timestamp
 * header; with `replayWindow`, the body's `createdAt` (ms), read only after the HMAC passed, must be
 * within that many seconds of now (the signature covers the body, so it cannot be moved).
 */
export function vercelSignature(secret: string, replayWindow?: { readonly toleranceSeconds: number; readonly clock?: Clock }): WebhookVerifier {
  return hmacSignature({
    secret,
    algorithm: "sha1",
    encoding: "hex",
    header: "x-vercel-signature",
    ...(replayWindow === undefined
      ? {}
      : {
          timestamp: { unit: "ms" as const, toleranceSeconds: replayWindow.toleranceSeconds, extract: (request: RawWebhookRequest) => numberField(request, "createdAt") },
          clock: replayWindow.clock,
        }),
  });
}

/** A top-level number or string field of a JSON body; undefined when absent (a body that is not JSON throws: hmacSignature takes that as absent too). */
function numberField(request: RawWebhookRequest, field: string): string | number | undefined {
  const body = jsonBody(request);
  const value = body !== null && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === "number" || typeof value === "string" ? value : undefined;
}

/** Asana: `X-Hook-Signature` hex HMAC-SHA256 of the body with the secret stored at the handshake. */
export function asanaSignature(state: KeyValueState, stateKey = DEFAULT_HOOK_SECRET_KEY): WebhookVerifier {
  // the state is read per request (another replica may have taken the handshake); the check itself stays synchronous
  let current: string | undefined;
  const check = hmacSignature({ secret: () => current, algorithm: "sha256", encoding: "hex", header: "x-hook-signature" });
  return async (request) => {
    current = await state.get(stateKey);
    return check(request);
  };
}

/** Gong: RS256 JWT in Authorization with `webhook_url` = the URL called and `body_sha256` = hex SHA-256 of the body. */
export function gongJwt(publicKey: string, clock?: Clock): WebhookVerifier {
  return rs256Jwt({
    publicKey,
    claims: (request) => ({ webhook_url: request.publicUrl, body_sha256: sha256Hex(request.rawBody) }),
    clock,
  });
}
