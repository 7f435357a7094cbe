/**
 * HubSpot OAuth refresh-token grant (`POST /oauth/v1/token`, form-encoded, client id and secret in
 * the form). Access tokens live 30 minutes; the runtime's OAuthTokenManager decides when to call
 * this and keeps any rotated refresh token. The grant itself is the runtime's (oauth4webapi), sent
 * through the fetch the runtime hands to `auth()` (in a server, a platform HTTP client of its own
 * without auth: the API client's auth is the token being refreshed).
 */
import { refreshTokenGrant } from "../../../runtime/http/oauth-grant.js";
import { facts } from "../facts.js";
import type { TokenGrant } from "../../../runtime/http/token-manager.js";

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** HubSpot's errors are not OAuth error bodies: a refused refresh token is 400 `{"status":"BAD_REFRESH_TOKEN"}`. */
function refusesRefreshToken(status: number, body: unknown): boolean {
  return status === 400 && body !== null && typeof body === "object" && (body as { status?: unknown }).status === "BAD_REFRESH_TOKEN";
}

export function refreshAccessToken(fetcher: typeof fetch, tokenUrl: string, client: OAuthClient, refreshToken: string): Promise<TokenGrant> {
  return refreshTokenGrant({ platform: facts.name, title: facts.title, tokenUrl, clientId: client.clientId, clientSecret: client.clientSecret, fetch: fetcher, refusesRefreshToken }, refreshToken);
}
