/**
 * When a failed attempt against a platform API is retried, and how long to wait first. Pure
 * functions: the client (client.ts) applies them.
 *
 * The idempotency rule, because a retry of a request the platform already executed must not
 * repeat its effect (a second Slack message, a second HubSpot note):
 * - 429 and 503 are retried for every method: the platform says it did not process the request.
 * - 500, 502 and 504 are retried only for idempotent requests: a gateway may have forwarded the
 *   request and the platform may have executed it before failing or timing out.
 * - Connection refused and DNS failures are retried for every method (nothing was sent); a reset
 *   socket or a timeout only for idempotent requests (the request may have been executed).
 * - Idempotent: GET, HEAD, OPTIONS, PUT, DELETE; any request its caller declares a read
 *   (`HttpRequest.idempotent`: a search or GraphQL query the platform takes as POST); and any request
 *   carrying an `Idempotency-Key` header (the IETF httpapi draft: the platform deduplicates it).
 *   POST and PATCH otherwise are not.
 */

export type AttemptOutcome =
  | { readonly kind: "response"; readonly status: number; readonly headers: Headers }
  | { readonly kind: "network"; readonly code: string }
  | { readonly kind: "timeout" };

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const NOTHING_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const MAYBE_SENT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** `declaredRead`: the caller says the request has no side effects, whatever its method. */
export function isIdempotent(method: string, headers: Headers, declaredRead = false): boolean {
  return declaredRead || IDEMPOTENT_METHODS.has(method.toUpperCase()) || headers.has("idempotency-key");
}

/** The label an attempt's outcome carries in metrics and retry reasons. */
export function outcomeLabel(outcome: AttemptOutcome): string {
  if (outcome.kind === "response") return String(outcome.status);
  return outcome.kind === "timeout" ? "timeout" : "network";
}

export function isRetryable(outcome: AttemptOutcome, idempotent: boolean): boolean {
  switch (outcome.kind) {
    case "timeout":
      return idempotent;
    case "network":
      return NOTHING_SENT_CODES.has(outcome.code) || (idempotent && MAYBE_SENT_CODES.has(outcome.code));
    case "response":
      if (outcome.status === 429 || outcome.status === 503) return true;
      if (outcome.status === 500 || outcome.status === 502 || outcome.status === 504) return idempotent;
      return false;
  }
}

/** Full-jitter exponential backoff (AWS architecture blog): uniform in [0, min(cap, base * 2^n)). */
export function backoffDelayMs(retryNumber: number, random: () => number, baseMs: number, capMs: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}

const RESET_HEADERS = ["ratelimit-reset", "x-ratelimit-reset", "x-rate-limit-reset", "x-ratelimit-requests-reset"] as const;
const REMAINING_HEADERS = ["ratelimit-remaining", "x-ratelimit-remaining", "x-rate-limit-remaining", "x-ratelimit-requests-remaining"] as const;

/**
 * How long the platform asks us to wait, from `Retry-After` (seconds or an HTTP date) or else the
 * common rate-limit reset headers. Reset values are read as epoch milliseconds above 1e12, epoch
 * seconds above 1e9, and otherwise as seconds from now (IETF RateLimit-Reset).
 */
export function requestedWaitMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter !== undefined && retryAfter !== "") {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  for (const name of RESET_HEADERS) {
    const wait = resetToWaitMs(headers.get(name), nowMs);
    if (wait !== undefined) return wait;
  }
  return undefined;
}

/** When a successful answer says the quota is used up, how long until it resets. */
export function quotaExhaustedForMs(headers: Headers, nowMs: number): number | undefined {
  const exhausted = REMAINING_HEADERS.some((name) => headers.get(name)?.trim() === "0");
  if (!exhausted) return undefined;
  for (const name of RESET_HEADERS) {
    const wait = resetToWaitMs(headers.get(name), nowMs);
    if (wait !== undefined) return wait;
  }
  return undefined;
}

function resetToWaitMs(value: string | null, nowMs: number): number | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const number = Number(value);
  if (number > 1e12) return Math.max(0, number - nowMs);
  if (number > 1e9) return Math.max(0, number * 1000 - nowMs);
  return Math.ceil(number * 1000);
}

/** The failure code of a fetch that threw: undici puts the system error in `cause`. */
export function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "UNKNOWN";
}
