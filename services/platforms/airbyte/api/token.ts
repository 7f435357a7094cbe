/**
 * Airbyte access tokens: the application's client id and secret exchanged at
 * `POST /applications/token` (JSON `{client_id, client_secret, "grant-type": "client_credentials"}`)
 * for a Bearer token that lives 15 minutes (`expires_in: 900`). The runtime's OAuthTokenManager
 * decides when to call this (10% of the lifetime ahead of expiry, single-flight, and after a 401).
 * Sent through the plain fetch the runtime hands to `auth()`: the platform client cannot fetch its
 * own credentials. The secret goes in the body only; no error carries the body back.
 */
import { UpstreamError } from "../../../runtime/contract.js";
import type { TokenGrant } from "../../../runtime/http/token-manager.js";
import { tokenResponseSchema } from "../types/raw.js";

export interface ApplicationCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export const TOKEN_TIMEOUT_MS = 15_000;

export async function requestAccessToken(fetcher: typeof fetch, tokenUrl: string, application: ApplicationCredentials): Promise<TokenGrant> {
  const response = await fetcher(tokenUrl, {
    method: "POST",
    signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ client_id: application.clientId, client_secret: application.clientSecret, "grant-type": "client_credentials" }),
  });
  const text = await response.text();
  if (!response.ok) {
    // problem+json: keep only its title for the logs (the detail may echo what we sent)
    const title = /"title"\s*:\s*"([\w\s-]{1,80})"/.exec(text)?.[1];
    throw new UpstreamError("airbyte", response.status, response.status >= 500 || response.status === 429, `Airbyte token request failed: ${response.status}`, title);
  }
  let json: unknown;
  try {
    json = JSON.parse(text || "null");
  } catch {
    throw new UpstreamError("airbyte", response.status, false, "Airbyte token endpoint answered with a body that is not JSON");
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new UpstreamError("airbyte", response.status, false, "Airbyte token endpoint answered an unexpected shape");
  return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
}
