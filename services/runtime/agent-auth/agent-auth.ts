/**
 * Authentication of agents on /mcp, by MCP_AUTH_MODE:
 * - oauth: JWT access tokens from the configured issuer, audience = this server (resource server
 *   mode), with RFC 9728 metadata and `WWW-Authenticate: Bearer resource_metadata="..."` on 401;
 *   missing required scopes answer 403 insufficient_scope;
 * - token: one static bearer token, compared in constant time;
 * - none: no check (environment.ts allows it only on a loopback address).
 * Both checking modes use the SDK's bearer check and challenge, so the answers are the SDK's. The
 * OAuth machinery (jose, discovery) is loaded only in oauth mode.
 */
import type { IncomingMessage } from "node:http";
import { bearerAuthChallengeResponse, verifyBearerToken, type AuthInfo, type VerifyBearerTokenOptions } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { AgentAuthConfig } from "../environment.js";
import { staticTokenVerifier } from "./static-token.js";

export type AuthOutcome =
  | { readonly ok: true; readonly auth?: AuthInfo }
  | { readonly ok: false; readonly status: number; readonly headers: Record<string, string>; readonly body: string };

export interface AgentAuth {
  readonly mode: AgentAuthConfig["mode"];
  authenticate(req: IncomingMessage): Promise<AuthOutcome>;
  /** protected-resource metadata routes (oauth mode) */
  readonly metadata?: { readonly paths: readonly string[]; document(): Record<string, unknown> };
  /** for /readyz */
  problem(): string | undefined;
  close(): void;
}

export interface AgentAuthOptions {
  readonly resourceName: string;
  readonly log: Logger;
  /**
   * FLEET_MCP_TOKEN: the bearer token the fleet endpoint presents when it forwards an agent's call.
   * Accepted in token and oauth mode besides the agents' own credential (clientId "fleet-endpoint").
   */
  readonly fleetToken?: string;
}

export async function createAgentAuth(config: AgentAuthConfig, options: AgentAuthOptions): Promise<AgentAuth> {
  const auth = await agentAuthFor(config, options);
  const fleetToken = options.fleetToken;
  if (fleetToken === undefined || auth.mode === "none") return auth;
  const fleet = staticTokenVerifier(fleetToken);
  return {
    ...auth,
    async authenticate(req) {
      const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
      if (presented !== undefined) {
        const info = await fleet.verifyAccessToken(presented).catch(() => undefined);
        if (info !== undefined) return { ok: true, auth: { ...info, clientId: "fleet-endpoint" } };
      }
      return auth.authenticate(req);
    },
  };
}

async function agentAuthFor(config: AgentAuthConfig, options: AgentAuthOptions): Promise<AgentAuth> {
  switch (config.mode) {
    case "none":
      return { mode: "none", authenticate: async () => ({ ok: true }), problem: () => undefined, close: () => undefined };
    case "token":
      return {
        mode: "token",
        authenticate: bearerCheck({ verifier: staticTokenVerifier(config.token) }),
        problem: () => undefined,
        close: () => undefined,
      };
    case "oauth": {
      const { OAuthResourceServer } = await import("./oauth-resource-server.js");
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
        authenticate: bearerCheck({ verifier: server.verifier, requiredScopes: [...config.requiredScopes], resourceMetadataUrl: server.metadataUrl }),
        metadata: { paths: server.metadataPaths(), document: () => server.protectedResourceMetadata() },
        problem: () => server.problem(),
        close: () => server.close(),
      };
    }
  }
}

function bearerCheck(options: VerifyBearerTokenOptions): (req: IncomingMessage) => Promise<AuthOutcome> {
  return async (req): Promise<AuthOutcome> => {
    try {
      return { ok: true, auth: await verifyBearerToken(req.headers.authorization, options) };
    } catch (error) {
      const answer = bearerAuthChallengeResponse(error, options);
      const challenge = answer.headers.get("www-authenticate");
      const headers: Record<string, string> = challenge ? { "www-authenticate": challenge } : {};
      return { ok: false, status: answer.status, headers, body: await answer.text() };
    }
  };
}
