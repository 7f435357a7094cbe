/** The query_history and warehouse_metering syncs: what they select, their memories, checkpoints and resuming. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT_USAGE_LAG_MS, SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/snowflake/sync.js";
import { query } from "../../fakes/snowflake.js";
import { type SyncBench, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
beforeEach(() => {
  bench = openSyncBench("snowflake");
});
afterEach(() => bench.close());

const HOUR = 3_600_000;
const queryHistory = syncs.find((s) => s.object === "query_history") ?? expect.unreachable();
const metering = syncs.find((s) => s.object === "warehouse_metering") ?? expect.unreachable();
const saved = (object: string) => JSON.parse(bench.checkpoints.get("snowflake", object)?.checkpoint ?? "null") as Record<string, unknown> | null;
const historyBinds = () => h.fake.base.queries.filter((q) => q.sqlText.includes("QUERY_HISTORY")).map((q) => Object.values(q.bindings ?? {}).map((b) => b.value));

describe("query_history sync", () => {
  it("stores failed and slow queries as readable memories, oldest first, and leaves the checkpoint behind the view's lag", async () => {
    const report = await bench.run(queryHistory, h.ctx);
    expect(report.outcome).toBe("success");
    // 01b8-0001 (0.9 s, successful) is neither failed nor slow
    expect(h.stored.map((m) => m.key)).toEqual(["snowflake:query:01b8-0004", "snowflake:query:01b8-0003", "snowflake:query:01b8-0002"]);
    expect(h.stored[2]).toEqual({
      key: "snowflake:query:01b8-0002",
      source: "snowflake",
      type: "slow_query",
      timestamp: "2026-11-20T09:00:00.000Z",
      title: "Slow Snowflake query by GRACE (30 min 45 s)",
      content:
        "GRACE's SELECT query on warehouse COMPUTE_WH (X-Small) took 30 min 45 s (slow: 5 min 0 s or more) at 2026-11-20T09:00:00.000Z. " +
        "Database ANALYTICS.MARTS. Scanned 5 GB, produced 90000 rows. Queued 12 s because the warehouse was overloaded. Role ANALYST. " +
        "SQL: SELECT * FROM MARTS.ORDERS o JOIN RAW.STRIPE.CHARGES c ON o.ORDER_ID = c.ORDER_ID",
      record: expect.objectContaining({ queryId: "01b8-0002", elapsedSeconds: 1845 }),
      url: "https://app.snowflake.com/acme/prod/#/compute/history/queries/01b8-0002/detail",
    });
    expect(h.stored[1]).toMatchObject({
      type: "failed_query",
      title: "Failed Snowflake query by ADA",
      content: expect.stringContaining("ADA's SELECT query on warehouse COMPUTE_WH (X-Small) failed after 4 s at 2026-11-20T07:00:00.000Z. Error 002003: SQL compilation error: Object 'MARTS.ORDRS' does not exist"),
    });
    // first run: 7 days back; the selection (FAIL or >= 300 s) is bound, not written into the text
    expect(historyBinds()[0]).toEqual([String(NOW.getTime() - 7 * 24 * HOUR), String(NOW.getTime()), "FAIL", "300000", String(SYNC_PAGE_SIZE), "0"]);
    // the newest stored query ended 3 h ago, earlier than now minus the lag: the checkpoint is at it
    expect(saved("query_history")).toEqual({ since: NOW.getTime() - 3 * HOUR });
  });

  it("resumes from its checkpoint: a later run reads only from there and stores only what is new", async () => {
    await bench.run(queryHistory, h.ctx);
    h.stored.length = 0;
    h.fake.addQueries([
      query("01b8-0100", { END_TIME: NOW.getTime() - 2 * HOUR, EXECUTION_STATUS: "FAIL", ERROR_CODE: "000630", ERROR_MESSAGE: "Statement reached its statement or warehouse timeout of 60 second(s) and was canceled.", USER_NAME: "LOADER", TOTAL_ELAPSED_TIME: 60_000 }),
      query("01b8-0101", { END_TIME: NOW.getTime() - 10 * 60_000, TOTAL_ELAPSED_TIME: 420_000 }),
    ]);
    const report = await bench.run(queryHistory, h.ctx);
    expect(report.outcome).toBe("success");
    expect(historyBinds()[1]?.[0]).toBe(String(NOW.getTime() - 3 * HOUR));
    // the query at the checkpoint comes again (at-or-after) and keeps its key; the two new ones are added
    expect(h.stored.map((m) => m.key)).toEqual(["snowflake:query:01b8-0002", "snowflake:query:01b8-0100", "snowflake:query:01b8-0101"]);
    // the newest ended 10 minutes ago, inside the view's lag: the checkpoint stays an hour behind now
    expect(saved("query_history")).toEqual({ since: NOW.getTime() - ACCOUNT_USAGE_LAG_MS });
  });

  it("pages with an offset only while a whole page shares one end time", async () => {
    const at = NOW.getTime() - 6 * HOUR;
    h.fake.addQueries(Array.from({ length: SYNC_PAGE_SIZE + 5 }, (_, i) => query(`01c0-${String(i).padStart(4, "0")}`, { END_TIME: at, EXECUTION_STATUS: "FAIL", ERROR_MESSAGE: "boom" })));
    const report = await bench.run(queryHistory, h.ctx);
    expect(report.outcome).toBe("success");
    // page 1 moves `since` to the shared instant; page 2 is all at that instant, so page 3 goes on by offset
    expect(historyBinds().map((b) => [b[0], b.at(-1)])).toEqual([
      [String(NOW.getTime() - 7 * 24 * HOUR), "0"],
      [String(at), "0"],
      [String(at), String(SYNC_PAGE_SIZE)],
    ]);
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(SYNC_PAGE_SIZE + 5 + 3);
    expect(saved("query_history")).toEqual({ since: NOW.getTime() - 3 * HOUR });
  });

  it("refuses a checkpoint it cannot read instead of starting over", async () => {
    bench.checkpoints.set("snowflake", "query_history", JSON.stringify({ since: "yesterday" }));
    const report = await bench.run(queryHistory, h.ctx);
    expect(report.outcome).not.toBe("success");
    expect(h.fake.base.queries).toEqual([]);
  });
});

describe("warehouse_metering sync", () => {
  it("stores one memory per warehouse and complete UTC day, then resumes after the last day stored", async () => {
    const report = await bench.run(metering, h.ctx);
    expect(report.outcome).toBe("success");
    // now is 2026-11-20 12:00; a day is complete 6 h after it ends, so the last one is 2026-11-19; the first run starts 7 days back
    const days = [...new Set(h.stored.map((m) => (m.record as { day: string }).day))];
    expect(days).toEqual(["2026-11-13", "2026-11-14", "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"]);
    expect(h.stored.find((m) => m.key === "snowflake:metering:ETL_WH:2026-11-18")).toEqual({
      key: "snowflake:metering:ETL_WH:2026-11-18",
      source: "snowflake",
      type: "warehouse_credits",
      timestamp: "2026-11-18T00:00:00.000Z",
      title: "Warehouse ETL_WH used 8 credits on 2026-11-18",
      content: "Snowflake warehouse ETL_WH used 8 credits on 2026-11-18 (UTC), running in 1 of 24 hours.",
      record: { warehouse: "ETL_WH", day: "2026-11-18", credits: 8, computeCredits: 8, cloudServicesCredits: 0, activeHours: 1 },
      url: "https://app.snowflake.com/acme/prod/#/compute/warehouses",
    });
    expect(h.stored.find((m) => m.key === "snowflake:metering:COMPUTE_WH:2026-11-19")?.content).toBe(
      "Snowflake warehouse COMPUTE_WH used 3.75 credits (3 compute, 0.75 cloud services) on 2026-11-19 (UTC), running in 3 of 24 hours.",
    );
    expect(saved("warehouse_metering")).toEqual({ through: "2026-11-19" });
    const statements = h.fake.base.queries.length;

    // the next run, the same day, has nothing complete to read
    h.stored.length = 0;
    await bench.run(metering, h.ctx);
    expect(h.fake.base.queries.length).toBe(statements);
    expect(h.stored).toEqual([]);
  });

  it("resumes after the day in its checkpoint, one statement per day", async () => {
    bench.checkpoints.set("snowflake", "warehouse_metering", JSON.stringify({ through: "2026-11-17" }));
    await bench.run(metering, h.ctx);
    expect(saved("warehouse_metering")).toEqual({ through: "2026-11-19" });
    const windows = h.fake.base.queries.map((q) => [q.bindings?.["1"]?.value, q.bindings?.["2"]?.value]);
    expect(windows).toEqual([
      [String(Date.parse("2026-11-18T00:00:00Z")), String(Date.parse("2026-11-19T00:00:00Z"))],
      [String(Date.parse("2026-11-19T00:00:00Z")), String(Date.parse("2026-11-20T00:00:00Z"))],
    ]);
    expect(h.stored.map((m) => m.key)).toEqual(["snowflake:metering:COMPUTE_WH:2026-11-18", "snowflake:metering:ETL_WH:2026-11-18", "snowflake:metering:COMPUTE_WH:2026-11-19"]);
  });
});
