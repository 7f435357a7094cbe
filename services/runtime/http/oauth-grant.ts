/**
 * The OAuth 2.0 refresh-token grant (RFC 6749 §6), by oauth4webapi: it builds the form-encoded
 * request and validates the token response (JSON content type, `access_token`, `token_type`,
 * `expires_in`, a rotated `refresh_token`). The request goes through the fetch it is handed
 * (oauth4webapi's `customFetch`): in a server, the platform HTTP client's, so the token endpoint
 * gets the same timeouts, retries, circuit breaker and metrics as every other call.
 *
 * Failures become UpstreamErrors whose safe message names the platform and the status, never a
 * token or the response body; a refused refresh token is a RefreshTokenRejectedError, which the
 * token manager answers by trying a newer persisted token.
 */
import * as oauth from "oauth4webapi";
import { UpstreamError } from "../contract.js";
import { RefreshTokenRejectedError, type TokenGrant } from "./token-manager.js";

export interface RefreshGrantOptions {
  readonly platform: string;
  /** the platform's title from its facts ("HubSpot"), for messages */
  readonly title: string;
  /** absolute URL of the token endpoint */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** how the client authenticates: `post` (id and secret in the form; HubSpot) or `basic`; default post */
  readonly clientAuth?: "post" | "basic";
  readonly fetch: typeof fetch;
  /**
   * for platforms whose errors are not OAuth error bodies: whether this answer refuses the refresh
   * token itself (HubSpot: 400 `{"status":"BAD_REFRESH_TOKEN"}`); `error=invalid_grant` always does
   */
  readonly refusesRefreshToken?: (status: number, body: unknown) => boolean;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function refreshTokenGrant(options: RefreshGrantOptions, refreshToken: string | undefined): Promise<TokenGrant> {
  const title = options.title;
  if (refreshToken === undefined || refreshToken === "") {
    throw new UpstreamError(options.platform, 0, false, `${title} access token cannot be refreshed: no refresh token is configured`);
  }
  const endpoint = new URL(options.tokenUrl);
  const server: oauth.AuthorizationServer = { issuer: endpoint.origin, token_endpoint: endpoint.href };
  const client: oauth.Client = { client_id: options.clientId };
  const clientAuth = options.clientAuth === "basic" ? oauth.ClientSecretBasic(options.clientSecret) : oauth.ClientSecretPost(options.clientSecret);
  const response = await oauth.refreshTokenGrantRequest(server, client, clientAuth, refreshToken, {
    [oauth.customFetch]: (url, init) => options.fetch(url, init),
    // plain HTTP only to a loopback fake (tests, PLATFORM_API_BASE_URL); a real endpoint must be HTTPS
    [oauth.allowInsecureRequests]: endpoint.protocol === "http:" && LOOPBACK_HOSTS.has(endpoint.hostname),
  });
  try {
    const result = await oauth.processRefreshTokenResponse(server, client, response);
    if (result.expires_in === undefined) {
      throw new UpstreamError(options.platform, response.status, false, `${title} token endpoint answered without expires_in`);
    }
    return {
      accessToken: result.access_token,
      expiresInSeconds: result.expires_in,
      ...(result.refresh_token !== undefined ? { refreshToken: result.refresh_token } : {}),
    };
  } catch (error) {
    throw await grantFailure(options, title, response, error);
  }
}

async function grantFailure(options: RefreshGrantOptions, title: string, response: Response, error: unknown): Promise<Error> {
  if (error instanceof UpstreamError) return error;
  const { status } = response;
  const retryable = status === 429 || status >= 500;
  if (error instanceof oauth.ResponseBodyError) {
    // an OAuth error body: its code is safe to log, its description may echo what we sent
    const message = `${title} token refresh failed: ${status} ${error.error}`;
    return error.error === "invalid_grant"
      ? new RefreshTokenRejectedError(options.platform, status, false, message, `error=${error.error}`)
      : new UpstreamError(options.platform, status, retryable, message, `error=${error.error}`);
  }
  if (!response.ok) {
    const body = await response
      .clone()
      .json()
      .catch(() => undefined);
    const code = platformErrorCode(body);
    const message = `${title} token refresh failed: ${status}`;
    return options.refusesRefreshToken?.(status, body) === true
      ? new RefreshTokenRejectedError(options.platform, status, false, message, code)
      : new UpstreamError(options.platform, status, retryable, message, code);
  }
  return new UpstreamError(options.platform, status, false, `${title} token endpoint answered an unexpected shape`, error instanceof Error ? error.message : String(error));
}

/** A platform's own error code field, for the logs (HubSpot's `status`, or `error`, `code`). */
function platformErrorCode(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  for (const field of ["error", "status", "code"]) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === "string" && /^[\w.-]{1,64}$/.test(value)) return `${field}=${value}`;
  }
  return undefined;
}
