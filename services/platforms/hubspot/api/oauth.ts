/**
 * HubSpot OAuth refresh-token grant (`POST /oauth/v1/token`, form-encoded). Access tokens live
 * 30 minutes; the runtime's OAuthTokenManager decides when to call this and keeps any rotated
 * refresh token. Sent through the fetch the runtime hands to `auth()` (the plain global fetch: the
 * platform client cannot be used, its auth is the token being refreshed), hence an absolute URL
 * (built from the base URL the runtime hands to `auth()`) and a timeout of our own.
 */
import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import type { TokenGrant } from "../../../runtime/http/token-manager.js";

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive(),
});

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

export const REFRESH_TIMEOUT_MS = 15_000;

export async function refreshAccessToken(fetcher: typeof fetch, tokenUrl: string, client: OAuthClient, refreshToken: string): Promise<TokenGrant> {
  const response = await fetcher(tokenUrl, {
    method: "POST",
    signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: refreshToken,
    }).toString(),
  });
  const text = await response.text();
  if (!response.ok) {
    // the body may echo the request; keep only HubSpot's error code for the logs
    const code = /"status"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1];
    throw new UpstreamError("hubspot", response.status, response.status >= 500, `HubSpot token refresh failed: ${response.status}`, code);
  }
  const parsed = tokenResponseSchema.safeParse(JSON.parse(text || "null"));
  if (!parsed.success) throw new UpstreamError("hubspot", response.status, false, "HubSpot token refresh answered an unexpected shape");
  return {
    accessToken: parsed.data.access_token,
    expiresInSeconds: parsed.data.expires_in,
    ...(parsed.data.refresh_token ? { refreshToken: parsed.data.refresh_token } : {}),
  };
}
