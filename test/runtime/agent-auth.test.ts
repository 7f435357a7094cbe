/**
 * Agent authentication on /mcp: OAuth resource-server mode against a loopback issuer (JWKS,
 * audience, expiry, scopes, RFC 9728 metadata and challenge), static token mode, and the refusal
 * of unauthenticated mode off loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRuntimeEnvironment } from "../../services/runtime/environment.js";
import { StartupError } from "../../services/runtime/startup-error.js";
import { initializeMessage, MCP_HEADERS, rawRequest } from "../contract/raw-http.js";
import { startFakeIssuer, type FakeIssuer } from "./fake-issuer.js";
import { startTestServer, type TestServer } from "./support.js";

const settings = JSON.stringify({ enabled: true, mcp_server_port: 9019 });
const RESOURCE = "https://mcp.example.test/mcp";

describe("oauth mode (resource server)", () => {
  let issuer: FakeIssuer;
  let t: TestServer;
  const post = (token?: string) =>
    rawRequest(`${t.server.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: initializeMessage(),
    });

  beforeAll(async () => {
    issuer = await startFakeIssuer();
    t = await startTestServer({
      env: {
        MCP_AUTH_MODE: "oauth",
        MCP_AUTH_TOKEN: undefined,
        MCP_OAUTH_ISSUER: issuer.issuer,
        MCP_RESOURCE_URL: RESOURCE,
        MCP_OAUTH_REQUIRED_SCOPES: "mcp:tools",
      },
    });
  });
  afterAll(async () => {
    await t.stop();
    await issuer.close();
  });

  it("accepts a token from the issuer for this resource with the required scope", async () => {
    const token = await issuer.mint({ aud: RESOURCE, sub: "agent-1", scope: "mcp:tools other" });
    const response = await post(token);
    expect(response.status).toBe(200);
    expect(response.text).toContain('"serverInfo"');
  });

  it("challenges a request without a token with the resource metadata URL", async () => {
    const response = await post();
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toContain('resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource/mcp"');
  });

  it.each([
    ["another audience", { aud: "https://other.example.test/mcp", scope: "mcp:tools" }, {}],
    ["an expired token", { aud: RESOURCE, scope: "mcp:tools" }, { expiresIn: "-1m" }],
    ["a token signed by another key", { aud: RESOURCE, scope: "mcp:tools" }, { forged: true }],
  ])("rejects %s with 401", async (_name, claims, options) => {
    const response = await post(await issuer.mint(claims, options));
    expect(response.status).toBe(401);
    expect(String(response.headers["www-authenticate"])).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it("rejects a token without the required scope with 403 insufficient_scope", async () => {
    const response = await post(await issuer.mint({ aud: RESOURCE, scope: "read" }));
    expect(response.status).toBe(403);
    expect(String(response.headers["www-authenticate"])).toContain('error="insufficient_scope"');
  });

  it("serves RFC 9728 metadata at the root and the path-suffixed well-known URL", async () => {
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await rawRequest(`${t.server.url}${path}`);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toMatchObject({
        resource: RESOURCE,
        authorization_servers: [issuer.issuer],
        bearer_methods_supported: ["header"],
        scopes_supported: ["mcp:tools"],
      });
    }
  });

  it("accepts the resource URL's hostname as a Host", async () => {
    const token = await issuer.mint({ aud: RESOURCE, scope: "mcp:tools" });
    const response = await rawRequest(`${t.server.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${token}`, host: "mcp.example.test" },
      body: initializeMessage(),
    });
    expect(response.status).toBe(200);
  });
});

describe("oauth mode with an unreachable issuer", () => {
  it("starts, reports the problem on /readyz and refuses tokens", async () => {
    const t = await startTestServer({ env: { MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "http://127.0.0.1:9/", MCP_RESOURCE_URL: RESOURCE } });
    try {
      expect((await rawRequest(`${t.server.url}/healthz`)).status).toBe(200);
      const ready = await rawRequest(`${t.server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.text).toContain("OAuth issuer metadata unavailable");
      const response = await rawRequest(`${t.server.url}/mcp`, {
        method: "POST",
        headers: { ...MCP_HEADERS, authorization: "Bearer a.b.c" },
        body: initializeMessage(),
      });
      expect(response.status).toBe(500);
    } finally {
      await t.stop();
    }
  });
});

describe("token mode", () => {
  it("accepts exactly the configured token", async () => {
    const t = await startTestServer();
    try {
      const ok = await rawRequest(`${t.server.url}/mcp`, {
        method: "POST",
        headers: { ...MCP_HEADERS, authorization: "Bearer agent-token-0123456789abcdef" },
        body: initializeMessage(),
      });
      expect(ok.status).toBe(200);
      for (const wrong of ["agent-token-0123456789abcdeF", "agent-token-0123456789abcdef0", "agent-token"]) {
        const response = await rawRequest(`${t.server.url}/mcp`, {
          method: "POST",
          headers: { ...MCP_HEADERS, authorization: `Bearer ${wrong}` },
          body: initializeMessage(),
        });
        expect(response.status, wrong).toBe(401);
      }
    } finally {
      await t.stop();
    }
  });
});

describe("auth configuration", () => {
  const parse = (env: Record<string, string>) => () => parseRuntimeEnvironment("widgets", { MCP_INTEGRATION: settings, ...env });

  it("refuses MCP_AUTH_MODE=none on a non-loopback address", () => {
    expect(parse({ MCP_AUTH_MODE: "none", MCP_HOST: "0.0.0.0" })).toThrow(StartupError);
    expect(parse({ MCP_AUTH_MODE: "none", MCP_HOST: "0.0.0.0" })).toThrow(/only allowed on a loopback address/);
  });

  it("allows none on loopback and binds loopback by default", () => {
    expect(parseRuntimeEnvironment("widgets", { MCP_INTEGRATION: settings, MCP_AUTH_MODE: "none" }).host).toBe("127.0.0.1");
    expect(parse({ MCP_AUTH_MODE: "none", MCP_HOST: "::1" })).not.toThrow();
  });

  it("with nothing configured, serves without a token on loopback only, and says so", () => {
    const local = parseRuntimeEnvironment("widgets", { MCP_INTEGRATION: settings });
    expect(local.agentAuth.mode).toBe("none");
    expect(local.host).toBe("127.0.0.1");
    expect(local.authNotice).toMatch(/no MCP_AUTH_TOKEN: agents on this machine connect without a token .*127\.0\.0\.1/);
    expect(parse({ MCP_HOST: "::1" })().agentAuth.mode).toBe("none");
    for (const host of ["0.0.0.0", "10.1.2.3", "::"]) {
      expect(parse({ MCP_HOST: host })).toThrow(new RegExp(`MCP_AUTH_TOKEN is not set and the server would listen on ${host.replace(/\./g, "\\.")}`));
    }
    // a token alone means token mode, on every interface by default
    const withToken = parseRuntimeEnvironment("widgets", { MCP_INTEGRATION: settings, MCP_AUTH_TOKEN: "a-token-of-enough-length" });
    expect(withToken.agentAuth.mode).toBe("token");
    expect(withToken.host).toBe("0.0.0.0");
    expect(withToken.authNotice).toBeUndefined();
  });

  it("needs a long enough token in token mode and an issuer in oauth mode", () => {
    expect(parse({ MCP_AUTH_MODE: "token" })).toThrow(/MCP_AUTH_MODE=token needs MCP_AUTH_TOKEN/);
    expect(parse({ MCP_AUTH_TOKEN: "short" })).toThrow(/too short/);
    expect(parse({ MCP_AUTH_MODE: "oauth" })).toThrow(/needs MCP_OAUTH_ISSUER/);
    expect(parse({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "http://issuer.example.com" })).toThrow(/https/);
    expect(parse({ MCP_AUTH_MODE: "basic" })).toThrow(/MCP_AUTH_MODE/);
  });
});
