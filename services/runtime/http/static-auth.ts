/**
 * Auth schemes for platforms whose credential never changes: one value set as a header.
 */
import type { AuthScheme } from "../contract.js";

/** Sends these headers on every request. */
export function staticAuth(headers: Readonly<Record<string, string>>): AuthScheme {
  const fixed = { ...headers };
  return { headers: async () => fixed };
}

/** `Authorization: Bearer <token>` (Slack, HubSpot private apps, Vercel, OpenRouter). */
export function bearerAuth(token: string): AuthScheme {
  return staticAuth({ authorization: `Bearer ${token}` });
}

/** `Authorization: Basic base64(user:password)` (Gong access key and secret). */
export function basicAuth(user: string, password: string): AuthScheme {
  return staticAuth({ authorization: `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}` });
}

/** A key in a header of the platform's choosing (`X-Api-Key`, `X-Figma-Token`, `x-portkey-api-key`). */
export function headerAuth(name: string, value: string): AuthScheme {
  return staticAuth({ [name.toLowerCase()]: value });
}

/** The bare key as the whole Authorization header, no scheme word (Linear personal API keys). */
export function bareAuthorization(value: string): AuthScheme {
  return staticAuth({ authorization: value });
}

/** For calls that must not carry credentials (an OAuth token endpoint authenticates in its body). */
export const noAuth: AuthScheme = staticAuth({});
