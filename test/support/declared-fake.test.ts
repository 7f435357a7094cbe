/**
 * The fake toolkit itself: declared routes with typed path segments, the platform's error shape,
 * auth before every non-public route, queued failures, body checks, and every request it does not
 * expect answered and listed in `unexpected` (which the platform harness asserts is empty).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DeclaredFake, FakeRejection, formBody, jsonBody } from "./loopback.js";

let fake: DeclaredFake;
const things = new Map([["7", { id: "7", name: "seven" }]]);

beforeEach(async () => {
  fake = await DeclaredFake.start({
    headers: { "x-fake": "yes" },
    unknownRouteCode: "NO_ROUTE",
    errorBody: (rejection) => ({ status: "error", category: rejection.code, message: rejection.message }),
    authorize: (request) => {
      if (request.headers.authorization !== "Bearer good") throw new FakeRejection(401, "bad token", "UNAUTHORIZED", true);
    },
    routes: [
      {
        method: "GET",
        path: "/v1/things/:id(\\d+)",
        handle: (r) => {
          const thing = things.get(r.params.id ?? "");
          if (thing === undefined) throw new FakeRejection(404, "no such thing", "NOT_FOUND", true);
          return { body: thing };
        },
      },
      { method: "POST", path: "/v1/things", handle: (r) => ({ status: 201, body: jsonBody(r, z.strictObject({ name: z.string() }), "VALIDATION") }) },
      { method: "POST", path: "/oauth/token", public: true, handle: (r) => ({ body: { grant: formBody(r).get("grant_type") } }) },
      { method: "GET", path: "/v1/names/:name", handle: (r) => ({ body: { name: r.params.name } }) },
    ],
  });
});
afterEach(() => fake.close());

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${fake.url}${path}`, { ...init, headers: { authorization: "Bearer good", ...(init.headers as Record<string, string> | undefined) } });

describe("DeclaredFake", () => {
  it("answers declared routes with their typed, decoded path segments, and records every request with its answer", async () => {
    const found = await call("/v1/things/7?expand=all");
    expect(found.status).toBe(200);
    expect(found.headers.get("x-fake")).toBe("yes");
    expect(await found.json()).toEqual({ id: "7", name: "seven" });
    expect(await (await call("/v1/names/a%20b")).json()).toEqual({ name: "a b" });
    expect(await (await call("/oauth/token", { method: "POST", headers: { authorization: "", "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=refresh_token" })).json()).toEqual({ grant: "refresh_token" });
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/v1/things/7", 200],
      ["GET", "/v1/names/a%20b", 200],
      ["POST", "/oauth/token", 200],
    ]);
    expect(fake.requests[0]?.query.get("expand")).toBe("all");
    expect(fake.unexpected).toEqual([]);
    fake.assertNoUnexpected();
  });

  it("answers expected rejections in the platform's shape without listing them", async () => {
    const refused = await call("/v1/things/7", { headers: { authorization: "Bearer bad" } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ status: "error", category: "UNAUTHORIZED", message: "bad token" });
    expect((await call("/v1/things/8")).status).toBe(404);
    expect(fake.unexpected).toEqual([]);
  });

  it("fails loudly on what it does not expect: an unknown route, a segment off its pattern, a body off the documented shape", async () => {
    const unknown = await call("/v1/other");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ status: "error", category: "NO_ROUTE", message: "no such endpoint GET /v1/other" });
    expect((await call("/v1/things/abc")).status).toBe(404);
    expect((await call("/v1/things", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x", extra: 1 }) })).status).toBe(400);
    expect((await call("/v1/things", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })).status).toBe(415);
    expect((await call("/oauth/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(415);
    expect(fake.unexpected).toEqual([
      "GET /v1/other: no such endpoint GET /v1/other",
      "GET /v1/things/abc: no such endpoint GET /v1/things/abc",
      'POST /v1/things: invalid body:  Unrecognized key: "extra"',
      "POST /v1/things: content-type must be application/json",
      "POST /oauth/token: requests here are form-encoded",
    ]);
    expect(() => fake.assertNoUnexpected()).toThrow(/the fake received requests it does not expect:\n {2}GET \/v1\/other/);
  });

  it("serves queued failures first, to the given path, after letting `skip` requests through", async () => {
    fake.failNext({ status: 503, headers: { "retry-after": "1" }, body: { status: "error" } }, "/v1/things/7", 1);
    expect((await call("/v1/things/7")).status).toBe(200);
    expect((await call("/v1/names/x")).status).toBe(200);
    const failed = await call("/v1/things/7");
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("1");
    expect((await call("/v1/things/7")).status).toBe(200);
  });
});

describe("DeclaredFake options a platform's fake may need", () => {
  let options: DeclaredFake;
  let served = 0;
  beforeEach(async () => {
    served = 0;
    options = await DeclaredFake.start({
      basePath: "/api/1.0",
      headers: () => ({ "x-served": String(++served) }),
      bareInjectedAnswers: true,
      errorContentType: "application/problem+json",
      routes: [
        { method: "GET", path: "/tasks", handle: () => ({ body: [] }) },
        { method: "GET", path: "/limited", handle: () => Promise.reject(new FakeRejection(429, "slow down", "rate_limited", true, { "retry-after": "2" })) },
      ],
    });
  });
  afterEach(() => options.close());

  it("serves routes below basePath, records their paths below it, and treats anything outside it as unknown", async () => {
    const below = await fetch(`${options.url}/api/1.0/tasks`);
    expect(below.status).toBe(200);
    expect(below.headers.get("x-served")).toBe("1");
    expect((await fetch(`${options.url}/tasks?opt=1`)).status).toBe(404);
    expect(options.requests.map((r) => r.path)).toEqual(["/tasks", "/tasks"]);
    expect(options.unexpected).toEqual(["GET /tasks?opt=1: no such endpoint GET /tasks"]);
  });

  it("answers errors with their content type and a rejection's own headers, and queued failures with only the test's headers", async () => {
    const limited = await fetch(`${options.url}/api/1.0/limited`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.headers.get("x-served")).not.toBeNull();
    options.failNext({ status: 503, headers: { "retry-after": "1" } }, "/tasks");
    const injected = await fetch(`${options.url}/api/1.0/tasks`);
    expect(injected.status).toBe(503);
    expect(injected.headers.get("retry-after")).toBe("1");
    expect(injected.headers.get("x-served")).toBeNull();
    expect(options.unexpected).toEqual([]);
  });
});
