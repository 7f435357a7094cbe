/**
 * The window in which a webhook handshake may be accepted. Asana's handshake is unauthenticated (it
 * only carries the secret Asana chose), so a handshake is accepted only for a webhook this server
 * is registering: asana_create_webhook gives Asana a target URL carrying a registration token,
 * `?registration=<id>.<expires>.<mac>`, where mac = HMAC-SHA256 over "<id>.<expires>" keyed by a
 * key derived from ASANA_ACCESS_TOKEN. Any replica can check it (every replica holds the token),
 * no state is shared, and nobody without the token can mint one; it expires REGISTRATION_WINDOW_MS
 * after the tool call (Asana sends the handshake while our POST /webhooks is in flight). Later
 * deliveries keep coming to the same URL, so the id also names the webhook's stored secret.
 */
import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "../../../runtime/constant-time.js";

export const REGISTRATION_PARAM = "registration";
/** Asana handshakes within seconds of POST /webhooks; the window allows a slow request. */
export const REGISTRATION_WINDOW_MS = 2 * 60_000;

export interface Registration {
  readonly id: string;
  readonly expiresAt: number;
}

function registrationKey(accessToken: string): Buffer {
  return createHmac("sha256", accessToken).update("asana webhook registration v1").digest();
}

function macOf(accessToken: string, id: string, expiresSeconds: number): string {
  return createHmac("sha256", registrationKey(accessToken)).update(`${id}.${expiresSeconds}`).digest("hex");
}

/** A fresh token for a webhook being created now. */
export function openRegistration(accessToken: string, now: Date): { token: string; registration: Registration } {
  const id = randomBytes(12).toString("hex");
  const expiresSeconds = Math.floor((now.getTime() + REGISTRATION_WINDOW_MS) / 1000);
  return { token: `${id}.${expiresSeconds}.${macOf(accessToken, id, expiresSeconds)}`, registration: { id, expiresAt: expiresSeconds * 1000 } };
}

/** The webhook URL with the registration token in its query. */
export function targetWithRegistration(webhookUrl: string, token: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set(REGISTRATION_PARAM, token);
  return url.href;
}

/** The token of a request's URL (path and query as received), unchecked. */
export function registrationTokenOf(requestUrl: string): string | undefined {
  return new URL(requestUrl, "http://local").searchParams.get(REGISTRATION_PARAM) ?? undefined;
}

/** The registration id a delivery's URL names, when its token is well formed (deliveries need no window). */
export function registrationIdOf(requestUrl: string): string | undefined {
  const token = registrationTokenOf(requestUrl);
  const id = token?.split(".")[0];
  return id !== undefined && /^[0-9a-f]{24}$/.test(id) ? id : undefined;
}

/** Checks a handshake's token: minted with this access token and not expired. */
export function checkRegistration(accessToken: string, token: string | undefined, now: Date): { ok: true; id: string } | { ok: false; reason: string } {
  if (token === undefined) return { ok: false, reason: "no registration token" };
  const [id = "", expires = "", mac = "", ...rest] = token.split(".");
  if (rest.length > 0 || !/^[0-9a-f]{24}$/.test(id) || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: "malformed registration token" };
  if (!safeEqual(mac, macOf(accessToken, id, Number(expires)))) return { ok: false, reason: "registration token not ours" };
  if (Number(expires) * 1000 < now.getTime()) return { ok: false, reason: "registration window closed" };
  return { ok: true, id };
}

/** The key of a webhook's secret in the webhook state (the memory server's /state, or the inbox kv table without one). */
export function secretStateKey(registrationId: string): string {
  return `asana.hook_secret.${registrationId}`;
}
