/**
 * Reads a platform takes as POST (searches, GraphQL queries) are declared with `idempotent: true`
 * and then retried like a GET after a 5xx, a reset connection or a timeout; any other POST keeps
 * the rule that it may already have been executed.
 */
import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { UpstreamError, type PlatformFetchInit } from "../../../services/runtime/contract.js";
import { createPlatformHttp, type PlatformHttpOptions } from "../../../services/runtime/http/client.js";
import { bearerAuth } from "../../../services/runtime/http/static-auth.js";
import { FakeUpstream } from "../../fakes/upstream.js";

const results = z.object({ total: z.number() });
const SEARCH = "/v1/things/search";

let fake: FakeUpstream | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function searchUpstream(): Promise<FakeUpstream> {
  fake = await FakeUpstream.start();
  fake.route("POST", SEARCH, () => ({ body: { total: 3 } }));
  return fake;
}

/** backoff sleeps are recorded, not waited */
function client(upstream: FakeUpstream, overrides: Partial<PlatformHttpOptions> = {}) {
  const sleeps: number[] = [];
  const http = createPlatformHttp({
    platform: "hubspot",
    title: "HubSpot",
    baseUrl: upstream.url,
    auth: bearerAuth("secret-token-123"),
    registry: new Registry(),
    log: pino({ level: "silent" }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...overrides,
  });
  return { http, sleeps };
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const search = { method: "POST", url: SEARCH, body: { query: "acme" } } as const;

describe("a POST declared idempotent (json)", () => {
  it("is retried after a 502 and a reset connection, with the same body, and succeeds", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "status", status: 502 }, { kind: "reset" }]);
    const { http, sleeps } = client(upstream);

    await expect(http.json({ ...search, idempotent: true }, results)).resolves.toEqual({ total: 3 });
    expect(upstream.requests.map((r) => r.answer)).toEqual([502, "reset", 200]);
    expect(upstream.requests.map((r) => JSON.parse(r.body))).toEqual([{ query: "acme" }, { query: "acme" }, { query: "acme" }]);
    expect(sleeps).toEqual([250, 500]);
  });

  it("is retried after a 500, a 504 and a timeout", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "status", status: 500 }, { kind: "status", status: 504 }, { kind: "slow", ms: 2_000 }]);
    const { http } = client(upstream, { timeoutMs: 200 });

    await expect(http.json({ ...search, idempotent: true }, results)).resolves.toEqual({ total: 3 });
    expect(upstream.requests).toHaveLength(4);
    expect(upstream.requests.at(-1)?.answer).toBe(200);
  });

  it("ends, once the budget is spent, in an error a caller may retry", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "status", status: 502 }, { kind: "status", status: 502 }]);
    const { http } = client(upstream, { maxAttempts: 2 });

    const error = await rejection(http.json({ ...search, idempotent: true }, results));
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(upstream.requests).toHaveLength(2);
  });
});

describe("a POST not declared idempotent (json)", () => {
  it("is not repeated after a 502, nor with idempotent: false", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "status", status: 502 }, { kind: "status", status: 502 }]);
    const { http, sleeps } = client(upstream);

    const undeclared = await rejection(http.json(search, results));
    expect(undeclared).toMatchObject({ status: 502, retryable: false });
    const declaredFalse = await rejection(http.json({ ...search, idempotent: false }, results));
    expect(declaredFalse).toMatchObject({ status: 502, retryable: false });
    expect(upstream.requests.map((r) => r.answer)).toEqual([502, 502]);
    expect(sleeps).toEqual([]);
  });

  it("is not repeated after a reset connection", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "reset" }]);
    const { http } = client(upstream);

    const error = await rejection(http.json(search, results));
    expect(error).toMatchObject({ status: 0, retryable: false });
    expect(upstream.requests.map((r) => r.answer)).toEqual(["reset"]);
  });
});

describe("PlatformHttp.fetch", () => {
  const body = JSON.stringify({ query: "acme" });

  it("retries a POST whose init declares it idempotent after a 502 and a reset", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "status", status: 502 }, { kind: "reset" }]);
    const { http } = client(upstream);

    const init: PlatformFetchInit = { method: "POST", headers: { "content-type": "application/json" }, body, idempotent: true };
    const response = await http.fetch(SEARCH, init);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ total: 3 });
    expect(upstream.requests.map((r) => r.answer)).toEqual([502, "reset", 200]);
  });

  it("keeps the method rule for a plain RequestInit (vendor SDKs): a POST answered 502 is returned, not repeated", async () => {
    const upstream = await searchUpstream();
    upstream.fail([{ kind: "status", status: 502 }]);
    const { http } = client(upstream);

    const response = await http.fetch(SEARCH, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(502);
    await response.body?.cancel();
    expect(upstream.requests.map((r) => r.answer)).toEqual([502]);
  });
});
