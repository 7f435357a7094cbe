/**
 * A shared secret token for unsigned senders (Airbyte and Apollo URL tokens, UserGems' fixed
 * X-Api-Key, OpenRouter's custom headers), compared in constant time.
 */
import type { WebhookVerifier } from "../../contract.js";
import { safeEqual } from "../../constant-time.js";
import { jsonBody } from "../json-body.js";

export interface SharedTokenOptions {
  readonly token: string;
  readonly from: { readonly header: string } | { readonly query: string };
}

export function sharedToken(options: SharedTokenOptions): WebhookVerifier {
  return (request) => {
    if (options.token === "") return { ok: false, reason: "no shared token configured" };
    const provided =
      "header" in options.from
        ? request.headers[options.from.header.toLowerCase()]
        : (new URL(request.url, "http://local").searchParams.get(options.from.query) ?? undefined);
    if (provided === undefined || provided === "") return { ok: false, reason: "missing token" };
    return safeEqual(provided, options.token) ? { ok: true } : { ok: false, reason: "token mismatch" };
  };
}

/**
 * A passcode inside the JSON body (Figma): the scheme itself needs the body parsed before the
 * check, so the parse is limited to reading that one field.
 */
export function bodyPasscode(options: { readonly passcode: string; readonly field?: string }): WebhookVerifier {
  const field = options.field ?? "passcode";
  return (request) => {
    if (options.passcode === "") return { ok: false, reason: "no passcode configured" };
    let provided: unknown;
    try {
      const body = jsonBody(request);
      provided = body !== null && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
    } catch {
      return { ok: false, reason: "body is not JSON" };
    }
    if (typeof provided !== "string" || provided === "") return { ok: false, reason: `missing ${field}` };
    return safeEqual(provided, options.passcode) ? { ok: true } : { ok: false, reason: `${field} mismatch` };
  };
}
