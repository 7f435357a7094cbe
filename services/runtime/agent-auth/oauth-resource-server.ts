/**
 * MCP_AUTH_MODE=oauth: this server is an OAuth 2.1 resource server. Agents' access tokens are JWTs
 * from MCP_OAUTH_ISSUER, checked with jose against the issuer's JWKS (found through its metadata),
 * with this server's resource URL as the required audience. Clients discover the issuer from the
 * RFC 9728 protected-resource metadata this module describes.
 *
 * Discovery runs in the background and retries, so a briefly unreachable issuer keeps the server
 * unready (/readyz says why) instead of failing its start.
 */
import { getOAuthProtectedResourceMetadataUrl, OAuthError, OAuthErrorCode, type AuthInfo, type OAuthTokenVerifier } from "@modelcontextprotocol/server";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { Logger } from "pino";
import { discoverIssuerMetadata, type IssuerMetadata } from "./issuer-metadata.js";

const DISCOVERY_RETRY_MS = 15_000;

export interface OAuthResourceServerOptions {
  readonly issuer: string;
  readonly resourceUrl: URL;
  readonly requiredScopes: readonly string[];
  readonly resourceName: string;
  readonly log: Logger;
}

export class OAuthResourceServer {
  readonly verifier: OAuthTokenVerifier;
  /** where the protected-resource metadata is served, advertised in WWW-Authenticate */
  readonly metadataUrl: string;
  private metadata: IssuerMetadata | undefined;
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  private discovery: Promise<void> | undefined;
  private lastFailure: string | undefined = "issuer metadata not loaded yet";
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: OAuthResourceServerOptions) {
    this.metadataUrl = getOAuthProtectedResourceMetadataUrl(options.resourceUrl);
    this.verifier = { verifyAccessToken: (token) => this.verify(token) };
  }

  /** starts discovery; does not wait for it */
  start(): void {
    void this.discover();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** for /readyz */
  problem(): string | undefined {
    return this.lastFailure === undefined ? undefined : `agent authentication: ${this.lastFailure}`;
  }

  /** RFC 9728 protected-resource metadata */
  protectedResourceMetadata(): Record<string, unknown> {
    return {
      resource: this.options.resourceUrl.href,
      authorization_servers: [this.options.issuer],
      bearer_methods_supported: ["header"],
      resource_name: this.options.resourceName,
      ...(this.options.requiredScopes.length > 0 ? { scopes_supported: [...this.options.requiredScopes] } : {}),
    };
  }

  /** the paths the metadata answers on: the root form and the path-suffixed form of RFC 9728 */
  metadataPaths(): string[] {
    const suffixed = new URL(this.metadataUrl).pathname;
    return [...new Set(["/.well-known/oauth-protected-resource", suffixed])];
  }

  private discover(): Promise<void> {
    this.discovery ??= discoverIssuerMetadata(this.options.issuer)
      .then((metadata) => {
        this.metadata = metadata;
        this.jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
        this.lastFailure = undefined;
        this.options.log.info({ issuer: metadata.issuer, jwksUri: metadata.jwks_uri }, "OAuth issuer metadata loaded");
      })
      .catch((error: unknown) => {
        this.lastFailure = `OAuth issuer metadata unavailable: ${(error as Error).message}`;
        this.options.log.warn({ err: error }, "OAuth issuer discovery failed; retrying");
        this.discovery = undefined;
        if (!this.closed) {
          this.retryTimer = setTimeout(() => void this.discover(), DISCOVERY_RETRY_MS);
          this.retryTimer.unref();
        }
      });
    return this.discovery;
  }

  private async verify(token: string): Promise<AuthInfo> {
    if (this.jwks === undefined) await this.discover();
    const jwks = this.jwks;
    const metadata = this.metadata;
    if (jwks === undefined || metadata === undefined) {
      throw new OAuthError(OAuthErrorCode.ServerError, "The authorization server's keys are unavailable");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: metadata.issuer,
        audience: this.options.resourceUrl.href,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout)) {
        throw new OAuthError(OAuthErrorCode.InvalidToken, tokenProblem(error));
      }
      this.options.log.warn({ err: error }, "could not verify an agent token");
      throw new OAuthError(OAuthErrorCode.ServerError, "Token verification is unavailable");
    }
    return {
      token,
      clientId: String(payload.client_id ?? payload.azp ?? payload.sub ?? "unknown"),
      scopes: scopesOf(payload),
      expiresAt: payload.exp,
      resource: this.options.resourceUrl,
      extra: { subject: payload.sub },
    };
  }
}

function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === "string") return payload.scope.split(" ").filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === "string");
  return [];
}

function tokenProblem(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return "Token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `Token claim "${error.claim}" is not acceptable`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) return "Token signature is not valid";
  return "Token is not valid";
}
