import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../../services/runtime/contract.js";
import { linearAuth } from "../../../services/platforms/linear/index.js";
import { createIssue } from "../../../services/platforms/linear/tools/create-issue.js";
import { listTeams } from "../../../services/platforms/linear/tools/list-teams.js";
import { closedAfterEachTest } from "../../support/platform-harness.js";
import { startHarness } from "./harness.js";

// each test starts its own harness (some with other credentials); every one is checked and closed after it
const startChecked = closedAfterEachTest(startHarness);

const ratelimited = (resetAt: number) => ({
  headers: {
    "x-ratelimit-requests-limit": "5000",
    "x-ratelimit-requests-remaining": "0",
    "x-ratelimit-requests-reset": String(resetAt),
  },
  body: {
    errors: [
      {
        message: "Rate limit exceeded",
        extensions: { type: "ratelimited", code: "RATELIMITED", statusCode: 429, userError: true, userPresentableMessage: "Rate limit exceeded." },
      },
    ],
  },
});

describe("Linear errors", () => {
  it("retries an HTTP 429 in the runtime client after the advertised reset, then answers", async () => {
    const h = await startChecked();
    h.fake.failNext({ status: 429, ...ratelimited(Date.now() + 3_000) });
    const result = await h.call(listTeams, {});
    expect(result.teams).toHaveLength(2);
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Math.max(...h.waits)).toBeGreaterThan(1_000);
  });

  it("maps RATELIMITED in errors[] on an HTTP 400 to a retryable 429 UpstreamError with the reset time", async () => {
    const h = await startChecked();
    const resetAt = Date.now() + 60_000;
    h.fake.failNext({ status: 400, ...ratelimited(resetAt) });
    const error = await h.call(listTeams, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    const upstream = error as UpstreamError;
    expect(upstream).toMatchObject({ status: 429, retryable: true, safeMessage: "Linear Teams: rate limit reached (Rate limit exceeded.)" });
    expect(upstream.retryAfterMs).toBeGreaterThan(50_000);
    expect(upstream.retryAfterMs).toBeLessThanOrEqual(60_000);
    // no retry of our own: exactly one request went out
    expect(h.fake.requests).toHaveLength(1);
  });

  it("does not call a mutation's internal error retryable: it may have been applied", async () => {
    const h = await startChecked();
    h.fake.failNext({
      status: 200,
      body: { data: null, errors: [{ message: "Lock timeout", extensions: { type: "lock timeout", code: "LOCK_TIMEOUT" } }] },
    });
    const error = await h.call(createIssue, { teamId: h.ws.eng, title: "Maybe created" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, retryable: false, safeMessage: "Linear IssueCreate: Linear had an internal error" });
  });

  it("treats errors[] on an HTTP 200 as a failure, not as data", async () => {
    const h = await startChecked();
    h.fake.failNext({
      status: 200,
      body: { data: null, errors: [{ message: "Lock timeout", extensions: { type: "lock timeout", code: "LOCK_TIMEOUT" } }] },
    });
    const error = await h.call(listTeams, {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, retryable: true, safeMessage: "Linear Teams: Linear had an internal error" });
  });

  it("reports a rejected key as a 401 without echoing it", async () => {
    const h = await startChecked({ LINEAR_API_KEY: "lin_api_revoked" });
    const error = (await h.call(listTeams, {}).catch((caught: unknown) => caught)) as UpstreamError;
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.safeMessage).toContain("authentication failed");
    expect(`${error.safeMessage} ${error.detail ?? ""}`).not.toContain("lin_api_revoked");
  });

  it("reports data in an unexpected shape as an UpstreamError", async () => {
    const h = await startChecked();
    h.fake.failNext({ status: 200, body: { data: { teams: { nodes: [{ id: 1 }] } } } });
    const error = await h.call(listTeams, {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 200, retryable: false, safeMessage: expect.stringMatching(/unexpected shape at teams/) });
  });

  it("repeats a query answered 502 until the retry budget is spent, then reports a retryable 502", async () => {
    const h = await startChecked();
    for (let i = 0; i < 4; i += 1) h.fake.failNext({ status: 502, body: "<html>bad gateway</html>" });
    const error = await h.call(listTeams, {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, retryable: true, safeMessage: "Linear answered 502 for Teams" });
    // the runtime client's whole budget (4 attempts), each the same Teams query
    expect(h.fake.requests.map((r) => [r.body.operationName, r.status])).toEqual(Array.from({ length: 4 }, () => ["Teams", 502]));
  });
});

describe("Linear auth header", () => {
  it("sends a personal key bare and an OAuth token as Bearer", async () => {
    expect(await linearAuth("lin_api_abc").headers()).toEqual({ authorization: "lin_api_abc" });
    expect(await linearAuth("lin_oauth_abc").headers()).toEqual({ authorization: "Bearer lin_oauth_abc" });
    expect(await linearAuth("Bearer xyz").headers()).toEqual({ authorization: "Bearer xyz" });
  });

  it("authenticates against the fake with an OAuth token", async () => {
    const h = await startChecked({ LINEAR_API_KEY: "lin_oauth_token" }, "Bearer lin_oauth_token");
    expect((await h.call(listTeams, {})).teams).toHaveLength(2);
  });
});
