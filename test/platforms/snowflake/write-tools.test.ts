/** The write tools: what they send, their cost guard, and their refusal in read-only mode. */
import { describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/snowflake/index.js";
import { executeTask } from "../../../services/platforms/snowflake/tools/execute-task.js";
import { resizeWarehouse } from "../../../services/platforms/snowflake/tools/resize-warehouse.js";
import { resumeWarehouse } from "../../../services/platforms/snowflake/tools/resume-warehouse.js";
import { suspendWarehouse } from "../../../services/platforms/snowflake/tools/suspend-warehouse.js";
import { selectTools } from "../../../services/runtime/mcp/tool-selection.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { SETTINGS, startHarness } from "./harness.js";

const start = closedAfterEachTest(startHarness);

describe("snowflake write tools", () => {
  it("resumes a suspended warehouse and reports it before and after", async () => {
    const h = await start();
    const { before, after } = await h.call(resumeWarehouse, { warehouse: "ETL_WH" });
    expect([before.state, after.state]).toEqual(["SUSPENDED", "STARTED"]);
    expect(h.fake.commands).toEqual(['ALTER WAREHOUSE "ETL_WH" RESUME IF SUSPENDED']);
    expect(h.fake.base.queries.find((q) => q.sqlText.startsWith("ALTER"))?.parameters).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: 30 });
  });

  it("suspends a running warehouse, and leaves a suspended one alone", async () => {
    const h = await start();
    const { after } = await h.call(suspendWarehouse, { warehouse: "COMPUTE_WH" });
    expect(after).toMatchObject({ state: "SUSPENDED", runningQueries: 0 });
    const again = await h.call(suspendWarehouse, { warehouse: "COMPUTE_WH" });
    expect(again.after.state).toBe("SUSPENDED");
    expect(h.fake.commands).toEqual(['ALTER WAREHOUSE "COMPUTE_WH" SUSPEND']);
  });

  it("resizes within the credit ceiling and refuses above it, counting every cluster", async () => {
    const h = await start();
    const refused = await upstreamErrorOf(h.call(resizeWarehouse, { warehouse: "ETL_WH", size: "XLARGE", maxCreditsPerHour: 16 }));
    expect(refused.safeMessage).toBe("Refused: ETL_WH at XLARGE can bill 32 credits per hour (16 x 2 cluster(s)), above maxCreditsPerHour 16");
    expect(h.fake.commands).toEqual([]);
    const resized = await h.call(resizeWarehouse, { warehouse: "ETL_WH", size: "MEDIUM", maxCreditsPerHour: 8 });
    expect(resized).toMatchObject({ before: { size: "Large", creditsPerHour: 8 }, after: { size: "Medium", creditsPerHour: 4 }, maxCreditsPerHourAtNewSize: 8 });
    expect(h.fake.commands).toEqual(['ALTER WAREHOUSE "ETL_WH" SET WAREHOUSE_SIZE = MEDIUM']);
  });

  it("runs a task now, by its quoted name, and refuses an unknown one without sending EXECUTE", async () => {
    const h = await start();
    const ran = await h.call(executeTask, { database: "ANALYTICS", schema: "MARTS", task: "REFRESH_ORDERS" });
    expect(ran).toMatchObject({ task: "ANALYTICS.MARTS.REFRESH_ORDERS", started: true, warehouse: "ETL_WH" });
    const missing = await upstreamErrorOf(h.call(executeTask, { database: "ANALYTICS", schema: "MARTS", task: "refresh_orders" }));
    expect(missing.status).toBe(404);
    expect(h.fake.commands).toEqual(['EXECUTE TASK "ANALYTICS"."MARTS"."REFRESH_ORDERS"']);
  });

  it("says an unknown warehouse is unknown", async () => {
    const h = await start();
    const error = await upstreamErrorOf(h.call(resumeWarehouse, { warehouse: "compute_wh" }));
    expect(error.status).toBe(404);
    expect(h.fake.commands).toEqual([]);
  });

  it("is hidden in read-only mode, and refuses if reached anyway", async () => {
    const readOnly = { ...SETTINGS, read_only: true };
    const visible = selectTools(definition.tools, readOnly).map((tool) => tool.name);
    expect(visible).not.toContain("snowflake_resume_warehouse");
    expect(visible).not.toContain("snowflake_suspend_warehouse");
    expect(visible).not.toContain("snowflake_resize_warehouse");
    expect(visible).not.toContain("snowflake_execute_task");
    expect(visible).toContain("snowflake_run_query");

    const h = await start({ settings: readOnly });
    for (const [tool, input] of [
      [resumeWarehouse, { warehouse: "ETL_WH" }],
      [suspendWarehouse, { warehouse: "COMPUTE_WH" }],
      [resizeWarehouse, { warehouse: "ETL_WH", size: "XSMALL", maxCreditsPerHour: 1 }],
      [executeTask, { database: "ANALYTICS", schema: "MARTS", task: "REFRESH_ORDERS" }],
    ] as const) {
      const error = await upstreamErrorOf(h.call(tool as typeof resumeWarehouse, input as { warehouse: string }));
      expect(error.status).toBe(403);
    }
    expect(h.fake.base.queries).toEqual([]);
  });

  it("annotates every write as not read-only and destructive, and running a task as not idempotent", () => {
    for (const tool of [resumeWarehouse, suspendWarehouse, resizeWarehouse, executeTask]) {
      expect(tool.annotations.readOnlyHint).toBe(false);
      expect(tool.annotations.destructiveHint).toBe(true);
    }
    expect(executeTask.annotations.idempotentHint).toBe(false);
    expect(resumeWarehouse.description).toContain("COSTS MONEY");
    expect(resizeWarehouse.description).toContain("COSTS MONEY");
    expect(executeTask.description).toContain("COSTS MONEY");
    for (const tool of definition.tools.filter((t) => t.annotations.readOnlyHint)) expect(tool.annotations.destructiveHint).toBe(false);
  });
});
