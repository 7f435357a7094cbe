import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/hubspot/index.js";
import { UpstreamError } from "../../../services/runtime/contract.js";
import { getObject } from "../../../services/platforms/hubspot/tools/get-object.js";
import { listOwners } from "../../../services/platforms/hubspot/tools/list-owners.js";
import { searchObjects } from "../../../services/platforms/hubspot/tools/search-objects.js";
import { startContractServer } from "../../contract/harness.js";
import { HubspotFake } from "../../fakes/hubspot.js";
import { closedAfterEachTest } from "../../support/platform-harness.js";
import { TOKEN, startHarness } from "./harness.js";

// each test starts its own harness (some with other credentials); every one is checked and closed after it
const startChecked = closedAfterEachTest(startHarness);

const RATE_LIMITED = {
  status: 429,
  headers: { "retry-after": "2", "x-hubspot-ratelimit-remaining": "0" },
  body: { status: "error", message: "You have reached your ten_secondly_rolling limit.", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING", correlationId: "c-1" },
};

describe("HubSpot errors through the runtime client", () => {
  it("waits as long as Retry-After asks on a 429 and then succeeds", async () => {
    const h = await startChecked();
    h.fake.addObject("contacts", { firstname: "Ada" });
    h.fake.failNext(RATE_LIMITED, "/crm/v3/objects/contacts/search");
    const result = await h.call(searchObjects, { objectType: "contacts" });
    expect(result.total).toBe(1);
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Math.max(...h.waits)).toBeGreaterThanOrEqual(2000);
  });

  it("turns a 404 into an UpstreamError whose safe message hides the record id", async () => {
    const h = await startChecked();
    const error = await h.call(getObject, { objectType: "deals", id: "987654321" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    const upstream = error as UpstreamError;
    expect(upstream.status).toBe(404);
    expect(upstream.retryable).toBe(false);
    expect(upstream.safeMessage).not.toContain("987654321");
    expect(upstream.safeMessage).toContain("404");
  });

  it("reports a response that is not HubSpot's shape as an UpstreamError, not a crash", async () => {
    const h = await startChecked();
    h.fake.failNext({ status: 200, body: { results: "nope" } }, "/crm/v3/owners");
    const error = await h.call(listOwners, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).safeMessage).toMatch(/unexpected shape at results/);
  });

  it("gives up with a retryable UpstreamError when HubSpot keeps failing", async () => {
    const h = await startChecked();
    for (let i = 0; i < 4; i += 1) h.fake.failNext({ status: 503, body: { status: "error", message: "unavailable", category: "UNAVAILABLE" } });
    const error = await h.call(listOwners, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(true);
    expect(h.fake.requests).toHaveLength(4);
  });
});

describe("HubSpot OAuth refresh", () => {
  it("refreshes with the client id, secret and refresh token on a 401 and retries with the new token", async () => {
    const h = await startChecked({
      HUBSPOT_ACCESS_TOKEN: "expired-token",
      HUBSPOT_REFRESH_TOKEN: "refresh-1",
      HUBSPOT_CLIENT_ID: "client-1",
      HUBSPOT_CLIENT_SECRET: "secret-1",
    });
    h.fake.oauth = { clientId: "client-1", clientSecret: "secret-1", refreshToken: "refresh-1" };
    h.fake.owners = [{ id: "1", email: "ada@acme.test", firstName: "Ada", lastName: "L", userId: 1, archived: false }];

    const result = await h.call(listOwners, {});
    expect(result.owners).toHaveLength(1);
    const [first, token, retry] = h.fake.requests;
    expect(first?.status).toBe(401);
    expect(first?.headers.authorization).toBe("Bearer expired-token");
    expect(token?.path).toBe("/oauth/v1/token");
    expect(token?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: "refresh_token",
      client_id: "client-1",
      client_secret: "secret-1",
      refresh_token: "refresh-1",
    });
    expect(retry?.status).toBe(200);
    expect(retry?.headers.authorization).toMatch(/^Bearer oauth-/);
  });

  it("sends the refresh to PLATFORM_API_BASE_URL in the running server, like every other call", async () => {
    // the real server and a plain global fetch: nothing rewrites HubSpot's URL on the way
    const fake = await HubspotFake.start({ token: TOKEN });
    const server = await startContractServer(definition, {
      env: {
        PLATFORM_API_BASE_URL: fake.url,
        HUBSPOT_ACCESS_TOKEN: "expired-token",
        HUBSPOT_REFRESH_TOKEN: "refresh-1",
        HUBSPOT_CLIENT_ID: "client-1",
        HUBSPOT_CLIENT_SECRET: "secret-1",
      },
    });
    const client = new Client({ name: "hubspot-refresh", version: "1.0.0" });
    try {
      fake.oauth = { clientId: "client-1", clientSecret: "secret-1", refreshToken: "refresh-1" };
      fake.owners = [{ id: "1", email: "ada@acme.test", firstName: "Ada", lastName: "L", userId: 1, archived: false }];
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
      const result = await client.callTool({ name: "hubspot_list_owners", arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ owners: [{ id: "1", email: "ada@acme.test" }] });
      expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
        ["GET", "/crm/v3/owners", 401],
        ["POST", "/oauth/v1/token", 200],
        ["GET", "/crm/v3/owners", 200],
      ]);
      expect(Object.fromEntries(new URLSearchParams(fake.requests[1]?.body))).toMatchObject({ grant_type: "refresh_token", refresh_token: "refresh-1" });
      expect(fake.unexpected).toEqual([]);
    } finally {
      await client.close();
      await server.close();
      await fake.close();
    }
  });

  it("uses the private-app token as a plain Bearer when no refresh token is configured", async () => {
    const h = await startChecked({ HUBSPOT_ACCESS_TOKEN: "wrong-token", HUBSPOT_CLIENT_SECRET: "webhook-only" });
    const error = await h.call(listOwners, {}).catch((caught: unknown) => caught);
    expect((error as UpstreamError).status).toBe(401);
    expect(h.fake.requests.map((r) => r.path)).toEqual(["/crm/v3/owners"]);
  });
});
