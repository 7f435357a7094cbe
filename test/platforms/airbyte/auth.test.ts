/**
 * Airbyte's client-credentials tokens through the runtime's token manager: minted once and shared,
 * refreshed ahead of their 15 minutes, replaced after a 401, and a refused secret never echoed.
 * Only Date is faked (to move through a token's lifetime); HTTP runs for real on loopback.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/airbyte/index.js";
import { listWorkspaces } from "../../../services/platforms/airbyte/tools/list-workspaces.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { CLIENT_ID, CLIENT_SECRET, CREDENTIALS, startHarness } from "./harness.js";

const startChecked = closedAfterEachTest(startHarness);
afterEach(() => {
  vi.useRealTimers();
});

const tokenRequests = (h: Awaited<ReturnType<typeof startHarness>>) => h.fake.requests.filter((r) => r.path === "/v1/applications/token");

describe("Airbyte application tokens", () => {
  it("exchanges the client credentials once, as Airbyte documents the request, and shares the token", async () => {
    const h = await startChecked();
    await Promise.all([h.call(listWorkspaces, {}), h.call(listWorkspaces, {}), h.call(listWorkspaces, {})]);
    const requests = tokenRequests(h);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, "grant-type": "client_credentials" });
    expect(requests[0]?.headers.authorization).toBeUndefined();
    const apiAuth = new Set(h.fake.requests.filter((r) => r.path === "/v1/workspaces").map((r) => r.headers.authorization));
    expect(apiAuth).toEqual(new Set([`Bearer ${h.fake.issuedTokens[0]}`]));
  });

  it("gets a new token inside the last 10% of the 15 minutes, before the old one expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-11-20T12:00:00.000Z");
    vi.setSystemTime(start);
    const h = await startChecked();
    await h.call(listWorkspaces, {});
    expect(h.fake.issuedTokens).toHaveLength(1);

    vi.setSystemTime(new Date(start.getTime() + 800_000)); // 13 min 20 s: outside the 90 s margin
    await h.call(listWorkspaces, {});
    expect(h.fake.issuedTokens).toHaveLength(1);

    vi.setSystemTime(new Date(start.getTime() + 820_000)); // inside the margin: still valid, refreshed in the background
    await h.call(listWorkspaces, {});
    await vi.waitFor(() => expect(h.fake.issuedTokens).toHaveLength(2));

    vi.setSystemTime(new Date(start.getTime() + 901_000)); // the first token has expired: the new one is used
    await h.call(listWorkspaces, {});
    expect(h.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${h.fake.issuedTokens[1]}`);
    expect(h.fake.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  it("replaces a token Airbyte refuses (401) and repeats the call once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-20T12:00:00.000Z"));
    const h = await startChecked();
    await h.call(listWorkspaces, {});
    // revoked a minute later (a 401 right after minting is taken for a race with another caller's refresh)
    vi.setSystemTime(new Date("2026-11-20T12:01:00.000Z"));
    h.fake.expireTokens();
    const result = await h.call(listWorkspaces, {});
    expect(result.workspaces).toEqual([]);
    expect(h.fake.issuedTokens).toHaveLength(2);
    expect(h.fake.requests.filter((r) => r.path === "/v1/workspaces").map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it("uses a pre-issued AIRBYTE_ACCESS_TOKEN until Airbyte refuses it, then mints from the client credentials", async () => {
    const h = await startChecked({ ...CREDENTIALS, AIRBYTE_ACCESS_TOKEN: "pre-issued-token" });
    h.fake.acceptedTokens.add("pre-issued-token");
    await h.call(listWorkspaces, {});
    expect(tokenRequests(h)).toEqual([]);
    expect(h.fake.requests.at(-1)?.headers.authorization).toBe("Bearer pre-issued-token");
    h.fake.acceptedTokens.delete("pre-issued-token");
    await h.call(listWorkspaces, {});
    expect(tokenRequests(h)).toHaveLength(1);
  });

  it("fails a call with a typed error that names neither the secret nor the token endpoint's body when the secret is wrong", async () => {
    const h = await startChecked({ AIRBYTE_CLIENT_ID: CLIENT_ID, AIRBYTE_CLIENT_SECRET: "wrong-secret-value" });
    const error = await upstreamErrorOf(h.call(listWorkspaces, {}));
    expect(error.safeMessage).toMatch(/Airbyte access token could not be refreshed/);
    expect(JSON.stringify([error.message, error.safeMessage, error.detail])).not.toMatch(/wrong-secret-value|invalid client credentials/);
    expect(h.fake.requests.filter((r) => r.path === "/v1/workspaces")).toEqual([]);
  });

  it("puts the token endpoint on AIRBYTE_API_URL for a self-managed install", async () => {
    const seen: string[] = [];
    const recording: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 900 }), { status: 200, headers: { "content-type": "application/json" } });
    };
    const auth = definition.auth({ ...CREDENTIALS, AIRBYTE_API_URL: "https://airbyte.acme.internal/api/public/v1/" }, { fetch: recording, baseUrl: "https://api.airbyte.com/v1" });
    expect(await auth.headers()).toEqual({ authorization: "Bearer t" });
    expect(seen).toEqual(["https://airbyte.acme.internal/api/public/v1/applications/token"]);
  });
});
