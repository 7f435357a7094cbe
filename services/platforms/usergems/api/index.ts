/**
 * The UserGems API client: typed functions over the runtime's PlatformHttp (X-Api-Key auth,
 * pacing at about 20 requests per second, retries, typed errors). UserGems has no SDK; its API is
 * five write operations.
 */
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import { type RawAccountBody, type RawContactBody, type RawMessageResponse, messageResponseSchema } from "../types/raw.js";

export interface UsergemsApi {
  /** queue a contact for job-change tracking (adding one already tracked changes nothing) */
  trackContact(contact: RawContactBody, signal?: AbortSignal): Promise<RawMessageResponse>;
  untrackContact(contact: { email: string; relationshipType?: string; signal?: string }, signal?: AbortSignal): Promise<RawMessageResponse>;
  trackAccount(account: RawAccountBody, signal?: AbortSignal): Promise<RawMessageResponse>;
  untrackAccount(account: RawAccountBody, signal?: AbortSignal): Promise<RawMessageResponse>;
  /** deletes everything UserGems holds about the person with this email */
  privacyDelete(email: string, signal?: AbortSignal): Promise<RawMessageResponse>;
}

export function createApi({ http }: ApiFactoryContext): UsergemsApi {
  return {
    // re-adding the same contact or account is harmless, so a POST that may have run is repeated
    trackContact: (contact, signal) => http.json({ method: "POST", url: "/contact", body: contact, signal, idempotent: true }, messageResponseSchema),
    untrackContact: (contact, signal) =>
      http.json({ method: "DELETE", url: "/contact", query: { email: contact.email, relationshipType: contact.relationshipType, signal: contact.signal }, signal }, messageResponseSchema),
    trackAccount: (account, signal) => http.json({ method: "POST", url: "/account", body: account, signal, idempotent: true }, messageResponseSchema),
    untrackAccount: (account, signal) => http.json({ method: "DELETE", url: "/account", query: { ...account }, signal }, messageResponseSchema),
    privacyDelete: (email, signal) => http.json({ method: "POST", url: "/privacy/delete", body: { email }, signal, idempotent: true }, messageResponseSchema),
  };
}
