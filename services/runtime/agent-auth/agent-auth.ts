/**
 * Authentication of agents on /mcp, by MCP_AUTH_MODE:
 * - oauth: JWT access tokens from the configured issuer, audience = this server (resource server
 *   mode), with RFC 9728 metadata and `WWW-Authenticate: Bearer resource_metadata="..."` on 401;
 *   missing required scopes answer 403 insufficient_scope;
 * - token: one static bearer token, compared in constant time;
 * - none: no check (environment.ts allows it only on a loopback address).
 * Both checking modes go through the SDK's bearer middleware, so the challenge format is the SDK's.
 */
import { requireBearerAuth } from "@modelcontextprotocol/express";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import type { AgentAuthConfig } from "../environment.js";
import { OAuthResourceServer } from "./oauth-resource-server.js";
import { staticTokenVerifier } from "./static-token.js";

export interface AgentAuth {
  readonly mode: AgentAuthConfig["mode"];
  /** express middleware in front of /mcp */
  readonly guard: RequestHandler;
  /** protected-resource metadata routes (oauth mode) */
  readonly metadata?: { readonly paths: readonly string[]; document(): Record<string, unknown> };
  /** for /readyz */
  problem(): string | undefined;
  close(): void;
}

export function createAgentAuth(config: AgentAuthConfig, options: { readonly resourceName: string; readonly log: Logger }): AgentAuth {
  switch (config.mode) {
    case "none":
      return { mode: "none", guard: (_req, _res, next) => next(), problem: () => undefined, close: () => undefined };
    case "token":
      return {
        mode: "token",
        guard: requireBearerAuth({ verifier: staticTokenVerifier(config.token) }),
        problem: () => undefined,
        close: () => undefined,
      };
    case "oauth": {
      const server = new OAuthResourceServer({
        issuer: config.issuer,
        resourceUrl: config.resourceUrl,
        requiredScopes: config.requiredScopes,
        resourceName: options.resourceName,
        log: options.log.child({ component: "agent-auth" }),
      });
      server.start();
      return {
        mode: "oauth",
        guard: requireBearerAuth({
          verifier: server.verifier,
          requiredScopes: [...config.requiredScopes],
          resourceMetadataUrl: server.metadataUrl,
        }),
        metadata: { paths: server.metadataPaths(), document: () => server.protectedResourceMetadata() },
        problem: () => server.problem(),
        close: () => server.close(),
      };
    }
  }
}
