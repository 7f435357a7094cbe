/** Query history, warehouses and load, credits, tasks and pipes against the admin fake. */
import { describe, expect, it } from "vitest";
import { getCreditUsage } from "../../../services/platforms/snowflake/tools/get-credit-usage.js";
import { getPipeStatus } from "../../../services/platforms/snowflake/tools/get-pipe-status.js";
import { getQueryHistory } from "../../../services/platforms/snowflake/tools/get-query-history.js";
import { getTaskHistory } from "../../../services/platforms/snowflake/tools/get-task-history.js";
import { getWarehouseLoad } from "../../../services/platforms/snowflake/tools/get-warehouse-load.js";
import { listPipes } from "../../../services/platforms/snowflake/tools/list-pipes.js";
import { listTasks } from "../../../services/platforms/snowflake/tools/list-tasks.js";
import { listWarehouses } from "../../../services/platforms/snowflake/tools/list-warehouses.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, NOW, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

const HOUR = 3_600_000;

describe("query history", () => {
  it("lists the last day's queries, newest first, with a Snowsight link, binding the window", async () => {
    const { queries, since } = await h.call(getQueryHistory, {});
    expect(since).toBe("2026-11-19T12:00:00.000Z");
    expect(queries.map((q) => q.queryId)).toEqual(["01b8-0001", "01b8-0002", "01b8-0003"]);
    expect(queries[1]).toMatchObject({
      user: "GRACE",
      warehouse: "COMPUTE_WH",
      status: "SUCCESS",
      elapsedSeconds: 1845,
      queuedOverloadSeconds: 12,
      bytesScanned: 5_368_709_120,
      endedAt: new Date(NOW.getTime() - 3 * HOUR).toISOString(),
      url: "https://app.snowflake.com/acme/prod/#/compute/history/queries/01b8-0002/detail",
    });
    const bindings = h.fake.base.queries.at(-1)?.bindings;
    expect(bindings?.["1"]).toEqual({ type: "FIXED", value: String(NOW.getTime() - 24 * HOUR) });
    expect(bindings?.["2"]).toEqual({ type: "FIXED", value: String(NOW.getTime()) });
  });

  it("finds the slowest and the failed queries", async () => {
    const slow = await h.call(getQueryHistory, { hours: 48, order: "slowest", minSeconds: 60 });
    expect(slow.queries.map((q) => [q.queryId, q.elapsedSeconds])).toEqual([["01b8-0002", 1845], ["01b8-0004", 600]]);
    const failed = await h.call(getQueryHistory, { status: "FAIL" });
    expect(failed.queries).toHaveLength(1);
    expect(failed.queries[0]).toMatchObject({ queryId: "01b8-0003", errorCode: "002003", errorMessage: "SQL compilation error: Object 'MARTS.ORDRS' does not exist or not authorized." });
    const byWarehouse = await h.call(getQueryHistory, { hours: 48, warehouse: "ETL_WH", user: "LOADER" });
    expect(byWarehouse.queries.map((q) => q.queryId)).toEqual(["01b8-0004"]);
  });
});

describe("warehouses", () => {
  it("lists warehouses with their load now and the credits per hour of their size", async () => {
    const { warehouses } = await h.call(listWarehouses, {});
    expect(warehouses).toEqual([
      { name: "COMPUTE_WH", state: "STARTED", size: "X-Small", type: "STANDARD", creditsPerHour: 1, runningQueries: 2, queuedQueries: 1, clusters: { min: 1, max: 1, started: 1 }, autoSuspendSeconds: 600, autoResume: true, owner: "SYSADMIN", comment: "ad hoc" },
      { name: "ETL_WH", state: "SUSPENDED", size: "Large", type: "STANDARD", creditsPerHour: 8, runningQueries: 0, queuedQueries: 0, clusters: { min: 1, max: 2, started: 0 }, autoSuspendSeconds: 60, autoResume: false, resourceMonitor: "ETL_MONITOR", owner: "LOADER" },
    ]);
    const suspended = await h.call(listWarehouses, { state: "SUSPENDED" });
    expect(suspended.warehouses.map((w) => w.name)).toEqual(["ETL_WH"]);
  });

  it("reads load history for one warehouse or all", async () => {
    const all = await h.call(getWarehouseLoad, { hours: 48 });
    expect(all.samples.map((s) => s.warehouse)).toEqual(["ETL_WH", "COMPUTE_WH"]);
    const one = await h.call(getWarehouseLoad, { warehouse: "COMPUTE_WH" });
    expect(one.samples).toEqual([{ warehouse: "COMPUTE_WH", start: "2026-11-20T10:00:00.000Z", end: "2026-11-20T10:05:00.000Z", avgRunning: 1.5, avgQueuedLoad: 0.25, avgQueuedProvisioning: 0, avgBlocked: 0 }]);
    expect(one.truncated).toBe(false);
  });
});

describe("credits", () => {
  it("sums hourly metering per warehouse and UTC day, with totals", async () => {
    const usage = await h.call(getCreditUsage, { days: 3 });
    expect(usage.since).toBe("2026-11-18T00:00:00.000Z");
    expect(usage.days).toEqual([
      { warehouse: "COMPUTE_WH", day: "2026-11-18", credits: 3.75, computeCredits: 3, cloudServicesCredits: 0.75, activeHours: 3 },
      { warehouse: "ETL_WH", day: "2026-11-18", credits: 8, computeCredits: 8, cloudServicesCredits: 0, activeHours: 1 },
      { warehouse: "COMPUTE_WH", day: "2026-11-19", credits: 3.75, computeCredits: 3, cloudServicesCredits: 0.75, activeHours: 3 },
      { warehouse: "COMPUTE_WH", day: "2026-11-20", credits: 0.5, computeCredits: 0.5, cloudServicesCredits: 0, activeHours: 1 },
    ]);
    expect(usage.byWarehouse).toEqual([{ warehouse: "COMPUTE_WH", credits: 8 }, { warehouse: "ETL_WH", credits: 8 }]);
    expect(usage.totalCredits).toBe(16);
    const etl = await h.call(getCreditUsage, { days: 3, warehouse: "ETL_WH" });
    expect(etl.totalCredits).toBe(8);
  });
});

describe("tasks and pipes", () => {
  it("lists tasks with their graph, schedule and state", async () => {
    const { tasks } = await h.call(listTasks, {});
    expect(tasks[1]).toEqual({ database: "ANALYTICS", schema: "MARTS", name: "ROLLUP_DAILY", state: "suspended", predecessors: ["ANALYTICS.MARTS.REFRESH_ORDERS"], owner: "LOADER", definition: "CALL MARTS.ROLLUP()" });
    const started = await h.call(listTasks, { state: "started" });
    expect(started.tasks.map((t) => t.name)).toEqual(["REFRESH_ORDERS"]);
  });

  it("reads task runs, newest first, and only the failed ones on request", async () => {
    const { runs } = await h.call(getTaskHistory, { hours: 48, database: "ANALYTICS", task: "REFRESH_ORDERS" });
    expect(runs.map((r) => r.state)).toEqual(["FAILED", "SUCCEEDED"]);
    expect(runs[0]).toMatchObject({ task: "ANALYTICS.MARTS.REFRESH_ORDERS", durationSeconds: 60, errorCode: "100038", errorMessage: "Numeric value 'abc' is not recognized" });
    const failed = await h.call(getTaskHistory, { hours: 48, state: "FAILED" });
    expect(failed.runs).toHaveLength(1);
    const recent = await h.call(getTaskHistory, {});
    expect(recent.runs.map((r) => r.state)).toEqual(["FAILED"]);
  });

  it("lists pipes and reads one pipe's status, binding its quoted name", async () => {
    const { pipes } = await h.call(listPipes, {});
    expect(pipes).toEqual([{ database: "RAW", schema: "STRIPE", name: "STRIPE_PIPE", autoIngest: true, definition: "COPY INTO RAW.STRIPE.CHARGES FROM @RAW.STRIPE.LANDING", pattern: ".*[.]json", owner: "LOADER" }]);
    const status = await h.call(getPipeStatus, { database: "RAW", schema: "STRIPE", pipe: "STRIPE_PIPE" });
    expect(status).toEqual({ pipe: "RAW.STRIPE.STRIPE_PIPE", executionState: "RUNNING", pendingFileCount: 3, lastIngestedAt: "2026-11-20T11:58:00.000Z", lastIngestedFile: "charges/2026/11/20/part-7.json" });
    expect(h.fake.base.queries.at(-1)?.bindings).toEqual({ 1: { type: "TEXT", value: '"RAW"."STRIPE"."STRIPE_PIPE"' } });
    const missing = await upstreamErrorOf(h.call(getPipeStatus, { database: "RAW", schema: "STRIPE", pipe: "NOPE" }));
    expect(missing.safeMessage).toContain("does not exist or not authorized");
  });
});
