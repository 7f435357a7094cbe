/**
 * Apollo posts asynchronous results (phone-number and waterfall reveals) to a `webhook_url` given
 * with each people match request, unsigned. So each request gets its own URL: the integration's
 * webhook URL plus our request id, an expiry and a token, the base64url HMAC-SHA256 of
 * "<request id>.<expiry>" keyed by APOLLO_WEBHOOK_TOKEN. Verifying recomputes the token (constant
 * time), so no list of issued URLs has to be kept or shared between replicas; the inbox then accepts
 * each request id once (its dedupe key), and a URL expires before the inbox forgets the id (72 h),
 * so a replay is refused by one or the other, ever.
 */
import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "../../../runtime/constant-time.js";
import type { VerifyResult } from "../../../runtime/contract.js";

/** How long a callback URL is accepted: Apollo delivers reveals within minutes; the inbox remembers ids for 72 h. */
export const CALLBACK_TTL_MS = 48 * 3_600_000;

export const CALLBACK_PARAMS = { request: "apollo_request", expires: "expires", token: "token" } as const;

function tokenFor(secret: string, requestId: string, expires: string): string {
  return createHmac("sha256", secret).update(`${requestId}.${expires}`).digest("base64url");
}

export interface CallbackUrl {
  readonly url: string;
  readonly requestId: string;
  readonly expiresAt: string;
}

/** A fresh per-request callback URL under `webhookUrl` (the integration's public webhook URL). */
export function mintCallbackUrl(secret: string, webhookUrl: string, nowMs: number): CallbackUrl {
  const requestId = randomBytes(16).toString("base64url");
  const expires = String(Math.floor((nowMs + CALLBACK_TTL_MS) / 1000));
  const url = new URL(webhookUrl);
  url.searchParams.set(CALLBACK_PARAMS.request, requestId);
  url.searchParams.set(CALLBACK_PARAMS.expires, expires);
  url.searchParams.set(CALLBACK_PARAMS.token, tokenFor(secret, requestId, expires));
  return { url: url.href, requestId, expiresAt: new Date(Number(expires) * 1000).toISOString() };
}

/** Our request id in a callback's URL (after verification: the delivery's dedupe key). */
export function callbackRequestId(requestUrl: string): string | undefined {
  return new URL(requestUrl, "http://local").searchParams.get(CALLBACK_PARAMS.request) ?? undefined;
}

/** Checks a callback's URL: its token matches its request id and expiry, and it has not expired. */
export function verifyCallbackUrl(secret: string, requestUrl: string, nowMs: number): VerifyResult {
  if (secret === "") return { ok: false, reason: "no webhook token configured" };
  const params = new URL(requestUrl, "http://local").searchParams;
  const requestId = params.get(CALLBACK_PARAMS.request);
  const expires = params.get(CALLBACK_PARAMS.expires);
  const token = params.get(CALLBACK_PARAMS.token);
  if (requestId === null || requestId === "" || expires === null || token === null || token === "") return { ok: false, reason: "missing token" };
  if (!/^\d{1,12}$/.test(expires)) return { ok: false, reason: "malformed expiry" };
  if (!safeEqual(token, tokenFor(secret, requestId, expires))) return { ok: false, reason: "token mismatch" };
  // checked after the token, so an expiry cannot be probed without a valid token
  if (Number(expires) * 1000 <= nowMs) return { ok: false, reason: "callback URL expired" };
  return { ok: true };
}
