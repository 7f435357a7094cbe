/**
 * MCP_AUTH_MODE=token: agents present one shared bearer token (from a Secret). The comparison is
 * constant-time over SHA-256 digests, so neither the content nor the length of the expected token
 * leaks through timing.
 */
import { OAuthError, OAuthErrorCode, type AuthInfo, type OAuthTokenVerifier } from "@modelcontextprotocol/server";
import { safeEqual } from "../constant-time.js";

/**
 * A static token never expires, but the SDK's bearer check insists on an expiry (a token without
 * one is refused); each successful check vouches for the token for the next minute.
 */
const VOUCHED_FOR_SECONDS = 60;

export function staticTokenVerifier(expected: string): OAuthTokenVerifier {
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      if (!safeEqual(token, expected)) throw new OAuthError(OAuthErrorCode.InvalidToken, "Invalid bearer token");
      return { token, clientId: "static-token", scopes: [], expiresAt: Math.floor(Date.now() / 1000) + VOUCHED_FOR_SECONDS };
    },
  };
}
