/**
 * HubSpot OAuth refresh-token grant (`POST /oauth/v1/token`, form-encoded). Access tokens live
 * 30 minutes; the runtime's OAuthTokenManager decides when to call this and keeps any rotated
 * refresh token. Sent through the fetch the runtime hands to `auth()`, which carries no bearer.
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

export async function refreshAccessToken(fetcher: typeof fetch, client: OAuthClient, refreshToken: string): Promise<TokenGrant> {
  const response = await fetcher("/oauth/v1/token", {
    method: "POST",
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
