import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../../services/runtime/contract.js";
import type { RefreshTokenStore } from "../../../services/runtime/http/refresh-token-store.js";
import { OAuthTokenManager, basicAuth, bareAuthorization, headerAuth, refreshMarginMs, type TokenGrant } from "../../../services/runtime/http/token-manager.js";

function fakeClock(startMs = 1_700_000_000_000) {
  let now = startMs;
  return { clock: { now: () => new Date(now) }, advance: (ms: number) => (now += ms) };
}

/** A refresh endpoint whose answers the test releases by hand, to hold many callers mid-refresh. */
function controlledRefresh() {
  const calls: (string | undefined)[] = [];
  const pending: { resolve: (grant: TokenGrant) => void; reject: (error: Error) => void }[] = [];
  const refresh = (refreshToken: string | undefined) => {
    calls.push(refreshToken);
    return new Promise<TokenGrant>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { refresh, calls, pending };
}

describe("OAuth token manager", () => {
  it("runs one refresh however many callers wait for a token", async () => {
    const { refresh, calls, pending } = controlledRefresh();
    const tokens = new OAuthTokenManager({ platform: "hubspot", title: "HubSpot", refresh, initial: { refreshToken: "r0" } });
    const callers = Array.from({ length: 50 }, () => tokens.headers());
    await Promise.resolve();
    expect(calls).toEqual(["r0"]);
    pending[0]?.resolve({ accessToken: "a1", expiresInSeconds: 1800, refreshToken: "r1" });
    const headers = await Promise.all(callers);
    expect(new Set(headers.map((h) => h.authorization))).toEqual(new Set(["Bearer a1"]));
    expect(calls).toHaveLength(1);
  });

  it("refreshes ahead of expiry in the background while the old token still serves", async () => {
    const { clock, advance } = fakeClock();
    let n = 0;
    const refreshes: (string | undefined)[] = [];
    const tokens = new OAuthTokenManager({
      platform: "hubspot",
      title: "HubSpot",
      clock,
      refresh: async (refreshToken) => {
        refreshes.push(refreshToken);
        n += 1;
        return { accessToken: `a${n}`, expiresInSeconds: 1800, refreshToken: `r${n}` };
      },
    });
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a1" });
    advance(1800_000 - refreshMarginMs(1800_000) - 1_000);
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a1" });
    expect(refreshes).toHaveLength(1);
    advance(2_000); // inside the margin: still a1 now, a2 once the background refresh lands
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a1" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a2" });
    expect(refreshes).toEqual([undefined, "r1"]); // the rotated refresh token is used
  });

  it("waits for a refresh once the token has expired", async () => {
    const { clock, advance } = fakeClock();
    let n = 0;
    const tokens = new OAuthTokenManager({ platform: "airbyte", title: "Airbyte", clock, refresh: async () => ({ accessToken: `a${++n}`, expiresInSeconds: 180 }) });
    await tokens.headers();
    advance(181_000);
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a2" });
  });

  it("makes a failing refresh visible in problem() and to callers, without hammering the token endpoint", async () => {
    const { clock, advance } = fakeClock();
    let fail = true;
    let calls = 0;
    const tokens = new OAuthTokenManager({
      platform: "hubspot",
      title: "HubSpot",
      clock,
      refresh: async () => {
        calls += 1;
        if (fail) throw new UpstreamError("hubspot", 400, false, "HubSpot answered 400 Bad Request for POST /oauth/v1/token", "error=invalid_grant");
        return { accessToken: "good", expiresInSeconds: 1800 };
      },
    });
    expect(tokens.problem()).toBeUndefined();
    const error = await tokens.headers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).safeMessage).toBe("HubSpot access token could not be refreshed (HubSpot answered 400 Bad Request for POST /oauth/v1/token)");
    expect(tokens.problem()).toBe("token refresh failing: HubSpot access token could not be refreshed (HubSpot answered 400 Bad Request for POST /oauth/v1/token)");
    await expect(tokens.headers()).rejects.toBeInstanceOf(UpstreamError);
    expect(calls).toBe(1); // within the cooldown the same failure is reported without a new call
    advance(6_000);
    fail = false;
    expect(await tokens.headers()).toEqual({ authorization: "Bearer good" });
    expect(tokens.problem()).toBeUndefined();
  });

  it("forces one refresh on 401, shared by concurrent 401s", async () => {
    const { refresh, calls, pending } = controlledRefresh();
    const tokens = new OAuthTokenManager({ platform: "linear", title: "Linear", refresh, initial: { accessToken: "stale" } });
    expect(await tokens.headers()).toEqual({ authorization: "Bearer stale" });
    const answers = [tokens.onUnauthorized(), tokens.onUnauthorized(), tokens.onUnauthorized()];
    await Promise.resolve();
    pending[0]?.resolve({ accessToken: "fresh", expiresInSeconds: 3600 });
    expect(await Promise.all(answers)).toEqual([true, true, true]);
    expect(calls).toHaveLength(1);
    expect(await tokens.headers()).toEqual({ authorization: "Bearer fresh" });
  });

  it("says a 401 cannot be fixed when the refresh fails", async () => {
    const tokens = new OAuthTokenManager({ platform: "linear", title: "Linear", refresh: async () => Promise.reject(new Error("network down")), initial: { accessToken: "stale" } });
    expect(await tokens.onUnauthorized()).toBe(false);
    expect(tokens.problem()).toContain("token refresh failing");
  });
});

describe("OAuth token manager with a refresh token store", () => {
  it("keeps serving when a rotated token cannot be stored, says so in problem() without the token, and stores it with the next refresh", async () => {
    const { clock, advance } = fakeClock();
    let storeUp = false;
    const stored: string[] = [];
    const store: RefreshTokenStore = {
      where: "a test store",
      read: async () => stored.at(-1),
      compareAndSet: async (expected, next) => {
        if (!storeUp) throw new Error("store unreachable");
        if (expected !== stored.at(-1)) return false;
        stored.push(next);
        return true;
      },
    };
    let n = 0;
    const used: (string | undefined)[] = [];
    const tokens = new OAuthTokenManager({
      platform: "hubspot",
      title: "HubSpot",
      clock,
      store,
      initial: { refreshToken: "r0" },
      refresh: async (refreshToken) => {
        used.push(refreshToken);
        n += 1;
        return { accessToken: `a${n}`, expiresInSeconds: 1800, refreshToken: `secret-r${n}` };
      },
    });
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a1" });
    expect(tokens.problem()).toBe("rotated refresh token not persisted to a test store: store unreachable");
    storeUp = true;
    advance(1_800_000);
    expect(await tokens.headers()).toEqual({ authorization: "Bearer a2" });
    // the unstored rotation was still the one spent, and the next one is stored
    expect(used).toEqual(["r0", "secret-r1"]);
    expect(stored).toEqual(["secret-r2"]);
    expect(tokens.problem()).toBeUndefined();
  });
});

describe("static auth helpers", () => {
  it("builds the documented header shapes", async () => {
    // base64("user:pass"), computed independently
    expect(await basicAuth("user", "pass").headers()).toEqual({ authorization: "Basic dXNlcjpwYXNz" });
    expect(await headerAuth("X-Figma-Token", "figd_1").headers()).toEqual({ "x-figma-token": "figd_1" });
    expect(await bareAuthorization("lin_api_1").headers()).toEqual({ authorization: "lin_api_1" });
  });
});
