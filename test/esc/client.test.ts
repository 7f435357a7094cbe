import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { EscError, normalizeApiUrl, openEscCredentials } from "../../services/esc/client.js";
import { parseEnvironmentName } from "../../services/esc/environment-name.js";
import { secret } from "../fakes/esc.js";
import { fakeEscForFile } from "./fake-esc-for-file.js";

const TOKEN = "pul-valid-0123456789abcdef";
const EXPIRED = "pul-expired-fedcba9876543210";

const esc = fakeEscForFile({
  validTokens: [TOKEN, EXPIRED],
  expiredTokens: [EXPIRED],
  environments: {
    "acme/fleet/prod": {
      values: {
        environmentVariables: { UNRELATED: "x" },
        pulumiConfig: {
          "kubernetes:context": "prod",
          credentials: {
            slack: { SLACK_BOT_TOKEN: secret("xoxb-prod"), SLACK_SIGNING_SECRET: secret("sign-prod") },
            linear: { LINEAR_API_KEY: secret("lin-prod"), LINEAR_TEAM_ID: 42 },
            fleet: { MCP_AUTH_TOKEN: secret("mcp-prod") },
            broken: "not a mapping",
            gong: { GONG_ACCESS_KEY: ["a", "list"], gong_client_secret: "x", GONG_CLIENT_SECRET: "  " },
          },
        },
      },
      versions: { stable: { pulumiConfig: { credentials: { slack: { SLACK_BOT_TOKEN: secret("xoxb-stable") } } } } },
    },
    "acme/fleet/empty": { values: { pulumiConfig: { other: "x" } } },
    "acme/fleet/locked": { values: {}, forbidden: true },
  },
});

const connection = () => ({ token: TOKEN, baseUrl: esc.url });

describe("openEscCredentials", () => {
  it("opens and reads the environment through the SDK's documented paths with the token header", async () => {
    const before = esc.requests.length;
    const opened = await openEscCredentials(parseEnvironmentName("acme/fleet/prod"), connection());

    const made = esc.requests.slice(before);
    expect(made.map((r) => `${r.method} ${r.path.replace(/open\/[0-9a-f]+$/, "open/{id}")}`)).toEqual([
      "POST /api/esc/environments/acme/fleet/prod/open",
      "GET /api/esc/environments/acme/fleet/prod/open/{id}",
    ]);
    expect(made.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(made.every((r) => r.source === "esc-sdk")).toBe(true);
    expect(esc.unexpected).toEqual([]);

    expect(opened.environment).toBe("acme/fleet/prod");
    expect(opened.found).toBe(true);
    const slack = opened.groups.get("slack");
    expect(slack?.get("SLACK_BOT_TOKEN")?.reveal()).toBe("xoxb-prod");
    expect(slack?.get("SLACK_BOT_TOKEN")?.markedSecret).toBe(true);
    expect(opened.groups.get("fleet")?.get("MCP_AUTH_TOKEN")?.reveal()).toBe("mcp-prod");
    // an unquoted number is still env text, and the environment did not mark it secret
    expect(opened.groups.get("linear")?.get("LINEAR_TEAM_ID")?.reveal()).toBe("42");
    expect(opened.groups.get("linear")?.get("LINEAR_TEAM_ID")?.markedSecret).toBe(false);
  });

  it("reports unusable entries by path, never by value, and keeps the usable ones", async () => {
    const opened = await openEscCredentials(parseEnvironmentName("acme/fleet/prod"), connection());
    expect(opened.problems).toEqual([
      { path: "pulumiConfig.credentials.broken", message: "expected a mapping, got a string" },
      { path: "pulumiConfig.credentials.gong.GONG_ACCESS_KEY", message: "expected a string, got a list" },
      { path: "pulumiConfig.credentials.gong.gong_client_secret", message: "variable names are UPPER_SNAKE_CASE" },
      { path: "pulumiConfig.credentials.gong.GONG_CLIENT_SECRET", message: "empty value, treated as absent" },
    ]);
    expect(opened.groups.has("broken")).toBe(false);
    expect(opened.groups.get("gong")?.size).toBe(0);
  });

  it("opens a pinned version through versions/{version}/open", async () => {
    const before = esc.requests.length;
    const opened = await openEscCredentials(parseEnvironmentName("fleet/prod@stable", "acme"), connection());
    expect(esc.requests[before]?.path).toBe("/api/esc/environments/acme/fleet/prod/versions/stable/open");
    expect(opened.environment).toBe("acme/fleet/prod@stable");
    expect(opened.groups.get("slack")?.get("SLACK_BOT_TOKEN")?.reveal()).toBe("xoxb-stable");
  });

  it("says when an environment has no pulumiConfig.credentials", async () => {
    const opened = await openEscCredentials(parseEnvironmentName("acme/fleet/empty"), connection());
    expect(opened.found).toBe(false);
    expect(opened.groups.size).toBe(0);
  });

  it("names an unknown environment (404)", async () => {
    const error = await openEscCredentials(parseEnvironmentName("acme/fleet/nope"), connection()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EscError);
    expect(error).toMatchObject({ kind: "not_found", status: 404, environment: "acme/fleet/nope" });
    expect((error as Error).message).toContain('ESC environment "acme/fleet/nope" was not found');
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("says an expired token was rejected (401) without printing it", async () => {
    const error = await openEscCredentials(parseEnvironmentName("acme/fleet/prod"), { token: EXPIRED, baseUrl: esc.url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, environment: "acme/fleet/prod" });
    expect((error as Error).message).toMatch(/expired, revoked or invalid/);
    expect((error as Error).message).toContain("acme/fleet/prod");
    expect(JSON.stringify(error)).not.toContain(EXPIRED);
    expect((error as Error).message + String((error as Error).stack)).not.toContain(EXPIRED);
  });

  it("says the token may not open an environment (403)", async () => {
    const error = await openEscCredentials(parseEnvironmentName("acme/fleet/locked"), connection()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "forbidden", status: 403, environment: "acme/fleet/locked" });
  });

  it("names the environment and the API when the API is unreachable", async () => {
    const closedPort = await freePort();
    const error = await openEscCredentials(parseEnvironmentName("acme/fleet/prod"), {
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${closedPort}`,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unreachable", environment: "acme/fleet/prod" });
    expect((error as Error).message).toContain(`cannot reach the Pulumi API at http://127.0.0.1:${closedPort}`);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("refuses to call without a token", async () => {
    await expect(openEscCredentials(parseEnvironmentName("acme/fleet/prod"), { token: " ", baseUrl: esc.url })).rejects.toMatchObject({
      kind: "no_token",
    });
  });
});

describe("normalizeApiUrl", () => {
  it("keeps port and path, drops trailing slashes and user info", () => {
    expect(normalizeApiUrl(undefined)).toBe("https://api.pulumi.com");
    expect(normalizeApiUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(normalizeApiUrl("https://user:pw@pulumi.internal:8443/prefix/")).toBe("https://pulumi.internal:8443/prefix");
  });

  it("rejects what is not an http(s) URL", () => {
    expect(() => normalizeApiUrl("not a url")).toThrow(/not a URL/);
    expect(() => normalizeApiUrl("ftp://pulumi.internal")).toThrow(/http\(s\) URL/);
  });
});

/** A loopback port nothing listens on: bind port 0, note it, release it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
