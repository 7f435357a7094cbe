/**
 * OAuth refresh with rotating refresh tokens, against the HubSpot fake's token endpoint in rotation
 * mode (each refresh issues a new refresh token and the one it used stops working), with the
 * refresh token kept where the runtime keeps it: a SQLite file in the data dir, or the memory
 * server's shared state. A "process" is a fresh set of objects (auth scheme, HTTP clients) over
 * the same store, as a restarted pod, a second replica or the sync runner would build.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryStateClient } from "../../../services/memory/state-client.js";
import { refreshAccessToken } from "../../../services/platforms/hubspot/api/oauth.js";
import { definition } from "../../../services/platforms/hubspot/index.js";
import { definition as memoryDefinition } from "../../../services/platforms/memory/index.js";
import type { AuthScheme, PlatformDefinition } from "../../../services/runtime/contract.js";
import { createPlatformHttp } from "../../../services/runtime/http/client.js";
import { fileRefreshTokenStore, sharedRefreshTokenStore, type RefreshTokenStore } from "../../../services/runtime/http/refresh-token-store.js";
import { noAuth } from "../../../services/runtime/http/static-auth.js";
import { OAuthTokenManager } from "../../../services/runtime/http/token-manager.js";
import { startPlatformServer, type RunningServer } from "../../../services/runtime/server.js";
import { HubspotFake } from "../../fakes/hubspot.js";

const APP = { clientId: "client-1", clientSecret: "secret-1" };
const CREDENTIALS = { HUBSPOT_ACCESS_TOKEN: "expired-token", HUBSPOT_REFRESH_TOKEN: "refresh-0", HUBSPOT_CLIENT_ID: APP.clientId, HUBSPOT_CLIENT_SECRET: APP.clientSecret };
const INGEST_TOKEN = "refresh-rotation-ingest-token-0123456789";
const log = pino({ level: "silent" });
const ownersSchema = z.object({ results: z.array(z.object({ id: z.string() })) });

let dataDir: string;
let memory: RunningServer;
let fake: HubspotFake;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "refresh-rotation-"));
  memory = await startPlatformServer({
    definition: memoryDefinition as PlatformDefinition<unknown>,
    env: { MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9010 }), MCP_AUTH_MODE: "none", LOG_LEVEL: "silent", MEMORY_INGEST_TOKEN: INGEST_TOKEN },
    port: 0,
    host: "127.0.0.1",
    dataDir: path.join(dataDir, "memory"),
    defaultMetrics: false,
    shutdownGraceMs: 1_000,
  });
});
afterAll(async () => {
  await memory?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  fake = await HubspotFake.start({ token: "pat-na1-unused" });
  fake.oauth = { ...APP, refreshToken: "refresh-0", rotate: true };
  fake.owners = [{ id: "1", email: "ada@acme.test", firstName: "Ada", lastName: "L", userId: 1, archived: false }];
});
afterEach(async () => {
  expect(fake.unexpected).toEqual([]);
  await fake.close();
});

let storeCount = 0;
const STORES: readonly { readonly name: string; readonly open: () => RefreshTokenStore }[] = [
  { name: "a SQLite file in the data dir", open: () => fileRefreshTokenStore(path.join(dataDir, `file-${(storeCount += 1)}`), "hubspot") },
  {
    name: "the memory server's shared state",
    // a platform name per test, so each test starts from an empty store
    open: () => sharedRefreshTokenStore(createMemoryStateClient({ url: memory.url, token: INGEST_TOKEN, platform: `hubspot_${(storeCount += 1)}` })),
  },
];

/** The token requests the fake received: the refresh token each one spent, and its answer. */
function tokenRequests(): { readonly refreshToken: string | null; readonly status: number | undefined }[] {
  return fake.requests.filter((r) => r.path === "/oauth/v1/token").map((r) => ({ refreshToken: new URLSearchParams(r.body).get("refresh_token"), status: r.status }));
}

/** One server process as connectPlatform builds it: HubSpot's auth with a token client of its own, and the API client. */
function serverProcess(store: RefreshTokenStore) {
  const registry = new Registry();
  const tokenClient = createPlatformHttp({ platform: "hubspot", title: "HubSpot", baseUrl: fake.url, auth: noAuth, registry, log });
  const auth = definition.auth(CREDENTIALS, { fetch: tokenClient.fetch, baseUrl: fake.url, refreshTokens: store });
  const api = createPlatformHttp({ platform: "hubspot", title: "HubSpot", baseUrl: fake.url, auth, registry, log });
  return { registry, auth, listOwners: () => api.json({ method: "GET", url: "/crm/v3/owners" }, ownersSchema) };
}

/** A process whose clock the test moves, to make its access token expire. */
function clockedProcess(store: RefreshTokenStore, clock: { now(): Date }): AuthScheme {
  const tokenClient = createPlatformHttp({ platform: "hubspot", title: "HubSpot", baseUrl: fake.url, auth: noAuth, registry: new Registry(), log });
  return new OAuthTokenManager({
    platform: "hubspot",
    title: "HubSpot",
    clock,
    store,
    initial: { refreshToken: "refresh-0" },
    refresh: (latest) => refreshAccessToken(tokenClient.fetch, `${fake.url}/oauth/v1/token`, APP, latest ?? "refresh-0"),
  });
}

async function works(headers: Record<string, string>): Promise<number> {
  return (await fetch(`${fake.url}/crm/v3/owners`, { headers })).status;
}

describe.each(STORES)("rotating refresh tokens kept in $name", ({ open }) => {
  it("concurrent callers share one refresh, sent through the platform HTTP client, and its rotated token is stored", async () => {
    const store = open();
    const server = serverProcess(store);
    const answers = await Promise.all(Array.from({ length: 8 }, () => server.listOwners()));
    expect(answers.every((answer) => answer.results[0]?.id === "1")).toBe(true);
    expect(tokenRequests()).toEqual([{ refreshToken: "refresh-0", status: 200 }]);
    expect(await store.read()).toBe(fake.oauth?.refreshToken);
    expect(fake.oauth?.refreshToken).toMatch(/^rotated-1-/);
    // counted like every platform request: the token client is a platform HTTP client
    const requests = await server.registry.getSingleMetric("mcp_upstream_requests_total")?.get();
    expect(requests?.values).toContainEqual(expect.objectContaining({ labels: { platform: "hubspot", method: "POST", status: "200" }, value: 1 }));
  });

  it("a rotated refresh token survives a restart: the next process refreshes with it, not the configured one", async () => {
    const store = open();
    await serverProcess(store).listOwners();
    const rotated = fake.oauth?.refreshToken;

    // the restarted process still has HUBSPOT_REFRESH_TOKEN=refresh-0, which no longer works
    const restarted = serverProcess(store);
    expect((await restarted.listOwners()).results).toHaveLength(1);
    expect(tokenRequests()).toEqual([
      { refreshToken: "refresh-0", status: 200 },
      { refreshToken: rotated, status: 200 },
    ]);
    expect(await store.read()).toBe(fake.oauth?.refreshToken);
    expect(restarted.auth.problem?.()).toBeUndefined();
  });

  it("two processes refreshing in turn each start from the other's newest token", async () => {
    let now = Date.parse("2026-11-20T12:00:00Z");
    const clock = { now: () => new Date(now) };
    const shared = open();
    const replica = clockedProcess(shared, clock);
    const syncRunner = clockedProcess(shared, clock);

    expect(await works(await replica.headers())).toBe(200);
    expect(await works(await syncRunner.headers())).toBe(200);
    now += 1_800_000; // both access tokens expire
    expect(await works(await replica.headers())).toBe(200);
    expect(await works(await syncRunner.headers())).toBe(200);

    const spent = tokenRequests();
    expect(spent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // each refresh spent the token the previous one (in the other process) issued
    expect(spent[0]?.refreshToken).toBe("refresh-0");
    for (let i = 1; i < spent.length; i += 1) expect(spent[i]?.refreshToken).toMatch(new RegExp(`^rotated-${i}-`));
    expect(await shared.read()).toBe(fake.oauth?.refreshToken);
  });

  it("two processes refreshing at the same moment with the same token: the refused one retries with the winner's rotation", async () => {
    const shared = open();
    const clock = { now: () => new Date() };
    const [first, second] = [clockedProcess(shared, clock), clockedProcess(shared, clock)];
    const headers = await Promise.all([first.headers(), second.headers()]);
    for (const header of headers) expect(await works(header)).toBe(200);

    const spent = tokenRequests();
    expect(spent.map((r) => r.status)).toEqual([200, 400, 200]);
    expect(spent[0]?.refreshToken).toBe("refresh-0");
    expect(spent[1]?.refreshToken).toBe("refresh-0");
    expect(spent[2]?.refreshToken).toMatch(/^rotated-1-/);
    // the last rotation is the one stored: no process is left holding a dead token
    expect(await shared.read()).toBe(fake.oauth?.refreshToken);
    expect(first.problem?.()).toBeUndefined();
    expect(second.problem?.()).toBeUndefined();
  });
});

describe("a refresh token the platform refuses", () => {
  it("is reported without the token, once no newer one turns up in the store", async () => {
    const store = fileRefreshTokenStore(path.join(dataDir, "refused"), "hubspot");
    fake.oauth = { ...APP, refreshToken: "some-other-token", rotate: true };
    const tokens = new OAuthTokenManager({
      platform: "hubspot",
      title: "HubSpot",
      store,
      rotationWaitMs: 500,
      sleep: async () => undefined,
      initial: { refreshToken: "refresh-0" },
      refresh: (latest) => refreshAccessToken(fetch, `${fake.url}/oauth/v1/token`, APP, latest ?? "refresh-0"),
    });
    const error = await tokens.headers().catch((caught: unknown) => caught as Error);
    expect(String(error)).toContain("HubSpot access token could not be refreshed (HubSpot token refresh failed: 400)");
    expect(String(error)).not.toContain("refresh-0");
    expect(tokens.problem()).toMatch(/^token refresh failing: /);
    expect(tokenRequests()).toEqual([{ refreshToken: "refresh-0", status: 400 }]);
    expect(await store.read()).toBeUndefined();
  });
});
