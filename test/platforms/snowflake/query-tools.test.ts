/** snowflake_run_query end to end through the driver: admitted statements, binds, row cap, timeout, cancel, refusals that never reach Snowflake. */
import { describe, expect, it } from "vitest";
import { runQuery } from "../../../services/platforms/snowflake/tools/run-query.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("snowflake_run_query", () => {
  it("runs a SELECT with bound parameters, a row cap and the caller's timeout", async () => {
    const result = await h.call(runQuery, {
      sql: "SELECT QUERY_ID, USER_NAME, TOTAL_ELAPSED_TIME FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE USER_NAME = ? ORDER BY QUERY_ID;",
      params: ["ADA"],
      maxRows: 2,
      timeoutSeconds: 15,
    });
    expect(result.statementKind).toBe("SELECT");
    expect(result.columns.map((c) => c.name)).toEqual(["QUERY_ID", "USER_NAME", "TOTAL_ELAPSED_TIME"]);
    expect(result.rows).toEqual([
      { QUERY_ID: "01b8-0001", USER_NAME: "ADA", TOTAL_ELAPSED_TIME: 900 },
      { QUERY_ID: "01b8-0003", USER_NAME: "ADA", TOTAL_ELAPSED_TIME: 4000 },
    ]);
    expect(result.totalRows).toBe(2);
    expect(result.truncated).toBe(false);
    const sent = h.fake.base.queries.at(-1);
    // the trailing semicolon is dropped; the value travels as a bind, never in the text
    expect(sent?.sqlText).toBe("SELECT QUERY_ID, USER_NAME, TOTAL_ELAPSED_TIME FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE USER_NAME = ? ORDER BY QUERY_ID");
    expect(sent?.bindings).toEqual({ 1: { type: "TEXT", value: "ADA" } });
    expect(sent?.parameters).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: 15, MULTI_STATEMENT_COUNT: 1 });
  });

  it("reads only maxRows rows and says the result was truncated", async () => {
    const result = await h.call(runQuery, { sql: "SELECT QUERY_ID FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY ORDER BY QUERY_ID", maxRows: 3 });
    expect(result.rows.map((r) => r.QUERY_ID)).toEqual(["01b8-0001", "01b8-0002", "01b8-0003"]);
    expect(result).toMatchObject({ totalRows: 4, truncated: true });
  });

  it("runs SHOW and returns Snowflake's own column names", async () => {
    const result = await h.call(runQuery, { sql: "SHOW WAREHOUSES" });
    expect(result.statementKind).toBe("SHOW");
    expect(result.rows.map((r) => r.name)).toEqual(["COMPUTE_WH", "ETL_WH"]);
  });

  it.each([
    "SELECT 1; DROP TABLE ANALYTICS.MARTS.ORDERS",
    "SELECT 1 /* */ ; DELETE FROM ANALYTICS.MARTS.ORDERS",
    "CALL ANALYTICS.MARTS.ROLLUP()",
    "EXECUTE IMMEDIATE $$ DROP TABLE ANALYTICS.MARTS.ORDERS $$",
    "WITH d AS (SELECT 1) DELETE FROM ANALYTICS.MARTS.ORDERS",
    "BEGIN TRUNCATE TABLE ANALYTICS.MARTS.ORDERS; END",
    "ALTER WAREHOUSE COMPUTE_WH SET WAREHOUSE_SIZE = X6LARGE",
  ])("refuses %s without sending anything", async (sql) => {
    const error = await upstreamErrorOf(h.call(runQuery, { sql }));
    expect(error.status).toBe(400);
    expect(error.safeMessage).toMatch(/^Statement refused/);
    expect(h.fake.base.queries).toEqual([]);
    expect(h.fake.base.logins).toEqual([]);
  });

  it("refuses a parameter count that does not match the ? placeholders", async () => {
    const error = await upstreamErrorOf(h.call(runQuery, { sql: "SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE USER_NAME = ?", params: [] }));
    expect(error.safeMessage).toContain("1 ? placeholder(s) and 0 parameter(s)");
    expect(h.fake.base.queries).toEqual([]);
  });

  it("reports Snowflake's statement timeout as such", async () => {
    h.fake.base.failNext(/QUERY_HISTORY/);
    const error = await upstreamErrorOf(h.call(runQuery, { sql: "SELECT COUNT(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY", timeoutSeconds: 5 }));
    expect(error.safeMessage).toBe("Snowflake statement reached its statement timeout and was cancelled");
    expect(error.retryable).toBe(false);
  });

  it("passes a compilation error through so the caller can fix the statement", async () => {
    h.fake.base.failNext(/ORDRS/, 1, { code: "002003", message: "SQL compilation error:\nObject 'ANALYTICS.MARTS.ORDRS' does not exist or not authorized." });
    const error = await upstreamErrorOf(h.call(runQuery, { sql: "SELECT * FROM ANALYTICS.MARTS.ORDRS" }));
    expect(error.safeMessage).toBe("Snowflake statement failed: SQL compilation error: Object 'ANALYTICS.MARTS.ORDRS' does not exist or not authorized. (002003)");
  });

  it("runs statements in the driver's async mode: submitted, polled until done, then fetched", async () => {
    const result = await h.call(runQuery, { sql: "SELECT COUNT(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY" });
    expect(result.rows).toEqual([{ N: 4 }]);
    expect(h.fake.base.queries.at(-1)?.async).toBe(true);
    expect(h.fake.base.statusPolls()).toBeGreaterThanOrEqual(1);
    expect(result.queryId).toBeDefined();
    expect(h.fake.base.statusOf(result.queryId as string)).toBe("SUCCESS");
  });

  it("cancels a statement that keeps running in Snowflake (SYSTEM$CANCEL_QUERY) when the tool call's signal aborts", async () => {
    const controller = new AbortController();
    h.fake.base.holdNext(/SELECT COUNT/);
    // the handler gets the signal the runtime hands every tool call (its deadline, the client's cancel)
    const running = runQuery.handler(runQuery.input.parse({ sql: "SELECT COUNT(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY", timeoutSeconds: 600 }), { ...h.ctx, signal: controller.signal });
    await h.fake.base.held();
    // still running after several polls: the call waits on Snowflake, not on a response
    await expect.poll(() => h.fake.base.statusPolls()).toBeGreaterThanOrEqual(2);
    controller.abort();
    const error = await upstreamErrorOf(running);
    expect(error.safeMessage).toBe("Snowflake statement was cancelled");
    await expect.poll(() => h.fake.base.cancels.length).toBe(1);
    const [cancelled] = h.fake.base.cancels;
    expect(h.fake.base.queries.find((q) => q.sqlText.startsWith("SELECT COUNT"))?.async).toBe(true);
    expect(h.fake.base.statusOf(cancelled as string)).toBe("ABORTED");
    expect(h.fake.base.queries.at(-1)).toMatchObject({ sqlText: "SELECT SYSTEM$CANCEL_QUERY(?)", bindings: { 1: { type: "TEXT", value: cancelled } } });
    // the session is usable afterwards
    const again = await h.call(runQuery, { sql: "SELECT COUNT(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY" });
    expect(again.rows).toEqual([{ N: 4 }]);
  });

  it("does not start a statement whose call was already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await upstreamErrorOf(h.api.readOnlyQuery({ sql: "SELECT 1 AS ONE", binds: [], maxRows: 1, timeoutSeconds: 5 }, controller.signal));
    expect(error.safeMessage).toBe("Snowflake statement was cancelled before it started");
    expect(h.fake.base.queries).toEqual([]);
  });
});
